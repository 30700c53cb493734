using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using NUnit.Framework;

namespace EventCatalog.Runtime.Tests;

/// <summary>Helpers of the pub/sub tests: every await is guarded, so a hang fails the test instead of the run.</summary>
internal static class PubSubTestKit
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

    /// <summary>True when the task is still pending after a short while (used to observe back-pressure, not to time anything).</summary>
    internal static async Task<bool> StaysPending(Task task)
    {
        await Task.WhenAny(task, Task.Delay(200));
        return !task.IsCompleted;
    }
}
