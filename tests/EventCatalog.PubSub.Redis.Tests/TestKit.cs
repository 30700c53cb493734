using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using NUnit.Framework;

namespace EventCatalog.PubSub.Redis.Tests;

/// <summary>Every await is guarded, so a hang fails the test instead of the run.</summary>
internal static class TestKit
{
    internal static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    internal static async Task<T> Within<T>(Task<T> task)
    {
        Task finished = await Task.WhenAny(task, Task.Delay(Guard));
        Assert.That(finished, Is.SameAs(task), "timed out: something hung");
        return await task;
    }

    internal static async Task Within(Task task) => await Within(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, TaskScheduler.Default));

    internal static async Task<List<object>> Read(IAsyncEnumerator<object> reader, int count)
    {
        var messages = new List<object>(count);
        while (messages.Count < count && await reader.MoveNextAsync())
        {
            messages.Add(reader.Current);
        }

        return messages;
    }

    /// <summary>True when the task is still pending after a short while (observes back-pressure; times nothing).</summary>
    internal static async Task<bool> StaysPending(Task task)
    {
        await Task.WhenAny(task, Task.Delay(300));
        return !task.IsCompleted;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, at most <paramref name="seconds"/>.</summary>
    internal static async Task<bool> Eventually(Func<bool> condition, double seconds = 10)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > end)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
