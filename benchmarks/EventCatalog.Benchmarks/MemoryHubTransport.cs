using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EventCatalog.PubSub;

namespace EventCatalog.Benchmarks;

/// <summary>
/// A broker in the process, for measuring the bus's own work per message with no network and no server
/// (<c>--pubsub-profile memory</c>): every frame published on a hub is copied into an array of its own for each node on the
/// hub, the publisher included, and handed to that node in order by a pump of its own, as a client library hands over what
/// a broker sends (StackExchange.Redis allocates each received message; its <c>ChannelMessageQueue</c> is a channel too).
/// A publish completes at once: there is no broker round trip to wait for.
/// </summary>
public sealed class MemoryHub
{
    private readonly object _gate = new();
    private Node[] _nodes = Array.Empty<Node>();

    /// <summary>A transport on this hub for one node.</summary>
    public INodeTransport Connect() => new Node(this);

    private void Publish(ReadOnlyMemory<byte> frame)
    {
        foreach (Node node in Volatile.Read(ref _nodes))
        {
            node.Queue.Writer.TryWrite(frame.ToArray());
        }
    }

    private sealed class Node : INodeTransport
    {
        private readonly MemoryHub _hub;
        private Task _pump = Task.CompletedTask;

        public Node(MemoryHub hub) => _hub = hub;

        public Channel<byte[]> Queue { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public string SystemName => "memory";

        public string Destination => "an in-process hub";

        public int MaxFrameBytes => 1 << 20;

        public Task StartAsync(INodeTransportReceiver receiver, CancellationToken cancellationToken)
        {
            lock (_hub._gate)
            {
                _hub._nodes = [.. _hub._nodes, this];
            }

            _pump = Task.Run(async () =>
            {
                while (await Queue.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (Queue.Reader.TryRead(out byte[]? frame))
                    {
                        receiver.OnFrame(frame);
                    }
                }
            });
            return Task.CompletedTask;
        }

        public ValueTask PublishAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
        {
            _hub.Publish(frame);
            return default;
        }

        public async ValueTask DisposeAsync()
        {
            lock (_hub._gate)
            {
                var rest = new List<Node>(_hub._nodes);
                rest.Remove(this);
                _hub._nodes = rest.ToArray();
            }

            Queue.Writer.TryComplete();
            await _pump.ConfigureAwait(false);
        }
    }
}
