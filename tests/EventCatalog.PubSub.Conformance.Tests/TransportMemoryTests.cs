using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EventCatalog.PubSub;
using ExESDB;
using NUnit.Framework;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// The bus's side of <see cref="INodeTransport.PublishAsync(ReadOnlyMemory{byte}, CancellationToken)"/>'s memory contract: the
/// bus reuses a frame's or batch's memory (its arrays come from a pool) only after a send that completed; memory handed to a
/// send that failed is never written again, because a transport may still write it after reporting the failure (a timed-out
/// Redis command can). No broker can fail a chosen send on cue, so this transport, written for the test, does: it refuses
/// the first event send, keeps what it was handed, and echoes everything else back like a broker.
/// </summary>
public class TransportMemoryTests
{
    // Frame kinds, byte 3 of every frame (docs/node-frames.md).
    private const byte Broadcast = 1;
    private const byte BroadcastFrom = 2;
    private const byte Direct = 3;
    private const byte Batch = 5;

    [TestCase(1, TestName = "A lone frame whose first send failed keeps its bytes while later frames reuse pooled memory")]
    [TestCase(40, TestName = "A batch whose first send failed keeps its bytes while later batches reuse pooled memory")]
    public async Task Memory_handed_to_a_failed_send_is_never_reused(int burst)
    {
        var transport = new RefusingTransport { EventSendsToRefuse = 1 };
        await using NodePubSub bus = await NodePubSub.StartAsync(transport, Events.Codec, new NodePubSubOptions { BusName = "memory-" + Guid.NewGuid().ToString("N"), NodeName = "n1" });
        string topic = Events.Topics.Cluster("store_a");
        object payload = Events.BuildPayload(new ClusterJoined(ViaNode: "node2@test"), "store_a");

        // The first burst: queued together (a batch when burst > 1); its first send is refused and retried.
        await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => bus.BroadcastAsync(topic, payload).AsTask())).WaitAsync(TimeSpan.FromSeconds(30));
        (ReadOnlyMemory<byte> refused, byte[] copy) = transport.Refused.Single();
        Assert.That(refused.Span[3], Is.EqualTo(burst == 1 ? Broadcast : Batch), "the refused send is a lone frame or a batch, as the burst makes it");

        // Many more frames and batches, each taking pooled memory and giving it back once sent.
        for (int round = 0; round < 50; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => bus.BroadcastAsync(topic, payload).AsTask())).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.That(transport.Sent, Is.GreaterThan(50), "the later sends went through the transport");
        Assert.That(refused.ToArray(), Is.EqualTo(copy), "the memory of the refused send was written again after the failure");
        Assert.That(bus.GetStatistics().Published, Is.EqualTo(51L * burst));
    }

    /// <summary>Refuses the first <see cref="EventSendsToRefuse"/> event sends (keeping what it was handed); echoes every other frame back in order.</summary>
    private sealed class RefusingTransport : INodeTransport
    {
        private readonly Channel<byte[]> _echo = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private readonly object _gate = new();
        private INodeTransportReceiver? _receiver;
        private Task? _pump;
        private int _sent;

        public int EventSendsToRefuse { get; set; }

        public List<(ReadOnlyMemory<byte> Memory, byte[] Copy)> Refused { get; } = new();

        public int Sent => Volatile.Read(ref _sent);

        public string SystemName => "test";

        public string Destination => "the test's refusing transport";

        public int MaxFrameBytes => 1 << 20;

        public Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken)
        {
            _receiver = receiver;
            _pump = Task.Run(PumpAsync, CancellationToken.None);
            return Task.CompletedTask;
        }

        public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
        {
            byte[] copy = frame.ToArray();
            lock (_gate)
            {
                bool carriesEvents = copy[3] is Broadcast or BroadcastFrom or Direct or Batch;
                if (carriesEvents && EventSendsToRefuse > 0)
                {
                    EventSendsToRefuse--;
                    Refused.Add((frame, copy));
                    return new ValueTask(Task.FromException(new IOException("refused by the test transport")));
                }

                if (carriesEvents)
                {
                    _sent++;
                }

                _echo.Writer.TryWrite(copy);
            }

            return default;
        }

        public async ValueTask DisposeAsync()
        {
            _echo.Writer.TryComplete();
            if (_pump is not null)
            {
                await _pump.ConfigureAwait(false);
            }
        }

        private async Task PumpAsync()
        {
            await foreach (byte[] frame in _echo.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                _receiver!.OnFrame(frame);
            }
        }
    }
}
