using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ExESDB;
using NUnit.Framework;
using static EventCatalog.PubSub.Redis.Tests.TestKit;

namespace EventCatalog.PubSub.Conformance.Tests;

/// <summary>
/// Frame coalescing (batch frames, docs/node-frames.md "Batches") on every node bus against its real server: frames already
/// queued travel as batches and arrive exactly as if sent alone, signed once per broker message; hostile batches (counts that
/// lie, lengths past the end, nested batches, mixed origins or streams, numbers out of line, 0 inner frames) are refused whole
/// and change nothing.
/// </summary>
public abstract partial class NodeBusConformance
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Frames_already_queued_travel_as_batches_all_delivered_in_order_with_one_signature_per_broker_message(bool signed)
    {
        const int count = 2_000;
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)21, 32).ToArray();
        void Configure(NodePubSubOptions o)
        {
            o.SubscriberCapacity = count * 2;
            if (signed)
            {
                o.SigningKey = key;
            }
        }

        NodePubSub a = await Node("a@test", Configure, busName);
        NodePubSub b = await Node("b@test", Configure, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await using FrameTap tap = await TapAsync(a);

        // Not awaited one by one: the writer finds frames waiting and coalesces them.
        var publishes = new Task[count];
        for (int i = 0; i < count; i++)
        {
            publishes[i] = a.BroadcastAsync(Cluster, M(i)).AsTask();
        }

        await Within(Task.WhenAll(publishes));
        Assert.That(await Within(Read(reader, count)), Is.EqualTo(Enumerable.Range(0, count).Select(M).ToArray()), "every frame, in order");
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Received, Is.EqualTo(count), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());

        Assert.That(await Eventually(() => InnerFrames(tap.Frames) >= count), Is.True, "the eavesdropper has every frame");
        List<byte[]> batches = tap.Frames.Where(f => f.Length > 34 && f[3] == 5).ToList();
        TestContext.Out.WriteLine($"{tap.Frames.Count} broker messages, {batches.Count} batches, for {count} frames");
        Assert.That(batches, Is.Not.Empty, "frames already queued are coalesced");
        Assert.That(InnerFrames(tap.Frames), Is.EqualTo(count), "each frame in exactly one broker message");
        Assert.That(batches.All(f => f[2] == (signed ? 2 : 1)), Is.True, "a batch is signed once when the bus signs");
        Assert.That(batches.All(f => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(32)) is >= 2 and <= NodePubSubOptions.DefaultMaxBatchFrames), Is.True);

    }

    /// <summary>How many event frames the broker messages carry: 1 for a lone one, the count for a batch.</summary>
    private static int InnerFrames(List<byte[]> frames) =>
        frames.Where(f => f.Length > 34 && f[3] is >= 1 and <= 3 or 5).Sum(f => f[3] == 5 ? BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(32)) : 1);

    [Test]
    public async Task MaxBatchFrames_1_sends_every_frame_alone()
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", o => o.MaxBatchFrames = 1, busName);
        NodePubSub b = await Node("b@test", null, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await using FrameTap tap = await TapAsync(a);
        await Within(Task.WhenAll(Enumerable.Range(0, 500).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask())));
        Assert.That(await Within(Read(reader, 500)), Is.EqualTo(Enumerable.Range(0, 500).Select(M).ToArray()));
        Assert.That(await Eventually(() => tap.Frames.Count(f => f.Length > 3 && f[3] is >= 1 and <= 3) == 500), Is.True);
        Assert.That(tap.Frames.Count(f => f.Length > 3 && f[3] == 5), Is.Zero, "no batch");
    }

    [Test]
    public async Task A_batch_stays_within_64_KiB_and_the_frame_limit_and_a_frame_too_big_to_share_goes_alone()
    {
        (NodePubSub a, NodePubSub b, IAsyncEnumerator<object> reader, FrameTap tap) = await PairWithTapAsync(1000);
        await using FrameTap tapped = tap;

        // 300 frames of about 10 KiB, 6 of about 60 KiB: at most 6 of the first share a batch, none of the second do.
        NodeDiscovered Big(int i) => new(i + ":" + new string('x', i % 50 == 0 ? 60_000 : 10_000));
        int[] numbers = Enumerable.Range(0, 300).ToArray();
        await Within(Task.WhenAll(numbers.Select(i => a.BroadcastAsync(Cluster, Big(i)).AsTask())));
        Assert.That(await Within(Read(reader, numbers.Length)), Is.EqualTo(numbers.Select(Big).ToArray()));
        Assert.That(b.GetStatistics().Lost, Is.Zero);
        Assert.That(await Eventually(() => InnerFrames(tap.Frames) >= numbers.Length), Is.True, "the eavesdropper has every frame");
        List<byte[]> batches = tap.Frames.Where(f => f.Length > 34 && f[3] == 5).Select(f => Frame.Plain(f)).ToList();
        TestContext.Out.WriteLine($"{batches.Count} batches, largest {batches.Select(f => f.Length).DefaultIfEmpty().Max()} bytes (uncompressed)");
        Assert.That(batches.All(f => f.Length <= 64 * 1024), Is.True, "no batch over 64 KiB, uncompressed");
        Assert.That(batches.SelectMany(InnerLengths).All(n => n < 30_000), Is.True, "the 60 KiB frames went alone");
        Assert.That(tap.Frames.Count(f => f.Length > 55_000 && f[3] is >= 1 and <= 3), Is.EqualTo(6));

        static IEnumerable<int> InnerLengths(byte[] batch)
        {
            for (int at = 34; at + 4 <= batch.Length;)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(batch.AsSpan(at));
                yield return length;
                at += 4 + length;
            }
        }
    }

    [TestCase(0)]
    [TestCase(257)]
    public void MaxBatchFrames_out_of_range_is_refused_naming_the_option(int value)
    {
        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Node("a@test", o => o.MaxBatchFrames = value));
        Assert.That(ex!.Message, Does.Contain(".MaxBatchFrames must be from 1"));
    }

    [Test]
    public async Task Hostile_batches_are_refused_whole_change_nothing_and_the_origins_real_batch_then_arrives_once()
    {
        NodePubSub b = await Node("b@test");
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        Guid forger = Guid.NewGuid();
        byte[] Inner(long sequence, Guid? origin = null) => Frame.Build(origin ?? forger, sequence, "forger@test", Cluster, null, Events.Codec.Serialize(Events.BuildEvent(M((int)sequence), "store_a")));
        byte[][] real = { Inner(1), Inner(2), Inner(3) };
        byte[] Changed(int index, Action<byte[]> change)
        {
            byte[] copy = (byte[])real[index].Clone();
            change(copy);
            return copy;
        }

        byte[][] With(int index, byte[] frame) => real.Select((f, i) => i == index ? frame : f).ToArray();
        var hostile = new List<(string What, byte[] Batch)>
        {
            ("0 inner frames", Frame.Batch(forger, 1, Array.Empty<byte[]>())),
            ("a count of 4 for 3 frames", Frame.Batch(forger, 1, real, count: 4)),
            ("a count of 2 for 3 frames (bytes after the last)", Frame.Batch(forger, 1, real, count: 2)),
            ("a count over 256", Frame.Batch(forger, 1, real, count: 300)),
            ("a length past the end", Frame.Batch(forger, 1, real, lengthOf: (i, n) => i == 2 ? n + 100 : n)),
            ("a negative length", Frame.Batch(forger, 1, real, lengthOf: (i, n) => i == 1 ? -5 : n)),
            ("a length under a header", Frame.Batch(forger, 1, real, lengthOf: (i, n) => i == 0 ? 10 : n)),
            ("a nested batch", Frame.Batch(forger, 1, With(1, Frame.Batch(forger, 2, new[] { real[1] })))),
            ("mixed origins", Frame.Batch(forger, 1, With(1, Inner(2, Guid.NewGuid())))),
            ("mixed streams", Frame.Batch(forger, 1, With(1, Changed(1, f => f[5] = 1)))),
            ("numbers out of line", Frame.Batch(forger, 1, With(2, Inner(4)))),
            ("a header number that is not the first frame's", Frame.Batch(forger, 2, real)),
            ("a header number of 0", Frame.Batch(forger, 0, real)),
            ("an inner frame signed on its own", Frame.Batch(forger, 1, With(1, Frame.Sign(real[1], Enumerable.Repeat((byte)1, 32).ToArray(), DateTimeOffset.UtcNow)))),
            ("an inner probe", Frame.Batch(forger, 1, With(1, Changed(1, f => { f[3] = 4; f[4] = 0; })))),
            ("an inner frame with a string past its end", Frame.Batch(forger, 1, With(1, Changed(1, f => { f[32] = 0xFF; f[33] = 0x00; })))),
            ("an inner frame without the magic", Frame.Batch(forger, 1, With(0, Changed(0, f => f[0] = (byte)'X')))),
            ("content other than 0 (plain) and 1 (Brotli)", Changed2(Frame.Batch(forger, 1, real), f => f[4] = 3)),
            ("a header shorter than 34 bytes", Frame.Batch(forger, 1, real).AsSpan(0, 33).ToArray()),
        };

        await InjectManyAsync(b, hostile.Select(h => h.Batch).ToList());
        await InjectAsync(b, Frame.Batch(forger, 1, real));
        Assert.That(await Within(Read(reader, 3)), Is.EqualTo(Ms(1, 2, 3)), "the real batch arrives whole: no hostile one moved the origin's sequence");
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Malformed], Is.EqualTo(hostile.Count), "each hostile batch is one Malformed: " + stats);
        Assert.That(stats.Rejected.Values.Sum(), Is.EqualTo(hostile.Count), stats.ToString());
        Assert.That(stats.Received, Is.EqualTo(3));
        Assert.That(stats.Delivered, Is.EqualTo(3));
        Assert.That(stats.Lost, Is.Zero);

        // The same batch again: each inner frame is a replay on its own; the origin's next frame, alone, follows.
        await InjectAsync(b, Frame.Batch(forger, 1, real));
        await InjectAsync(b, Inner(4));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(4)));
        stats = b.GetStatistics();
        Assert.That(stats.Rejected[FrameRejectReason.Replayed], Is.EqualTo(3), stats.ToString());
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Skipped, Is.Zero);
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));

        static byte[] Changed2(byte[] frame, Action<byte[]> change)
        {
            change(frame);
            return frame;
        }
    }

    [Test]
    public async Task Two_thousand_mutated_batches_give_no_exception_no_loss_and_each_one_counted_whole_or_frame_by_frame()
    {
        const int batches = 2_000;
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", null, busName);
        NodePubSub b = await Node("b@test", null, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        var random = new Random(21);
        byte[] body = Events.Codec.Serialize(Events.BuildEvent(new NodeDiscovered("fuzz"), "store_a"));
        var flood = new List<byte[]>(batches);
        for (int i = 0; i < batches; i++)
        {
            // A new origin each: what one batch does cannot depend on another's.
            Guid origin = Guid.NewGuid();
            long first = 1 + random.Next(1000);
            byte[] batch = Frame.Batch(origin, first, Enumerable.Range(0, 3).Select(k => Frame.Build(origin, first + k, "fuzz@test", "fuzz", null, body)).ToList());
            for (int flips = 1 + random.Next(3); flips > 0; flips--)
            {
                batch[random.Next(batch.Length)] ^= (byte)random.Next(1, 256);
            }

            flood.Add(random.Next(4) == 0 ? batch.AsSpan(0, random.Next(batch.Length)).ToArray() : batch);
        }

        await InjectManyAsync(b, flood);
        await a.BroadcastAsync(Cluster, M(1));
        Assert.That(await Within(Read(reader, 1)), Is.EqualTo(Ms(1)), "a's frame arrives after the flood");

        // a's frame is no fence on a sharded bus: the flood's batches name stream 0 and travel on shard 0 (a few, mutated, on
        // another), a's frame on its topic's shard, and each shard is read in its own order. So the count is waited for.
        long Counted()
        {
            NodePubSubStatistics now = b.GetStatistics();
            return now.Rejected.Values.Sum() + now.Received - now.Rejected[FrameRejectReason.WrongCategory] - 1;
        }

        bool all = await Eventually(() => Counted() >= batches);
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(all, Is.True, "every batch counted within the wait: " + stats);
        long counted = Counted();
        Assert.That(counted, Is.InRange(batches, 3 * batches), "every batch counted: once whole, or once per inner frame");
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
    }

    [TestCase(FrameCompression.Brotli, false)]
    [TestCase(FrameCompression.Brotli, true)]
    [TestCase(FrameCompression.None, false)]
    public async Task Batches_of_2_KiB_or_more_travel_Brotli_compressed_as_the_option_says_and_arrive_exactly(FrameCompression compression, bool signed)
    {
        const int count = 2_000;
        string busName = NewBusName();
        byte[] key = Enumerable.Repeat((byte)23, 32).ToArray();
        void Configure(NodePubSubOptions o)
        {
            o.SubscriberCapacity = count * 2;
            o.Compression = compression;
            if (signed)
            {
                o.SigningKey = key;
            }
        }

        NodePubSub a = await Node("a@test", Configure, busName);
        NodePubSub b = await Node("b@test", o => { o.SubscriberCapacity = count * 2; o.SigningKey = signed ? key : null; }, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        await using FrameTap tap = await TapAsync(a);
        await Within(Task.WhenAll(Enumerable.Range(0, count).Select(i => a.BroadcastAsync(Cluster, M(i)).AsTask()).ToArray()));
        Assert.That(await Within(Read(reader, count)), Is.EqualTo(Enumerable.Range(0, count).Select(M).ToArray()), "every frame, in order");
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Received, Is.EqualTo(count), stats.ToString());
        Assert.That(stats.Lost, Is.Zero, stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.Zero, stats.ToString());

        int trailer = signed ? 48 : 0;
        Assert.That(await Eventually(() => InnerFrames(tap.Frames) >= count), Is.True, "the eavesdropper has every frame");
        List<byte[]> batches = tap.Frames.Where(f => f.Length > 34 && f[3] == 5).ToList();
        List<byte[]> compressed = batches.Where(f => f[4] == 1).ToList();
        long plainBytes = compressed.Sum(f => (long)Frame.Plain(f, trailer).Length);
        long sentBytes = compressed.Sum(f => (long)f.Length);
        TestContext.Out.WriteLine($"{batches.Count} batches, {compressed.Count} compressed: {plainBytes:N0} bytes of batches sent as {sentBytes:N0}");
        Assert.That(batches, Is.Not.Empty, "frames already queued are coalesced");
        Assert.That(batches.All(f => f[4] is 0 or 1), Is.True, "content 0 (plain) or 1 (Brotli)");
        if (compression == FrameCompression.None)
        {
            Assert.That(compressed, Is.Empty, "Compression None: no batch is compressed");
            return;
        }

        // Each frame here is about 400 bytes: a batch of 6 or more carries 2 KiB of inner frames, and such a batch shrinks well past a tenth.
        Assert.That(batches.Where(f => f[4] == 0).All(f => f.Length - 34 - trailer < 2048), Is.True, "every batch of 2 KiB or more of inner frames is compressed");
        Assert.That(compressed, Is.Not.Empty);
        Assert.That(sentBytes * 3, Is.LessThan(plainBytes), "the compressed batches carry under a third of their bytes");
        Assert.That(compressed.All(f => f[2] == (signed ? 2 : 1)), Is.True, "a compressed batch is signed once, over its compressed bytes");
        Assert.That(compressed.All(f => Frame.Plain(f, trailer).Length <= 64 * 1024), Is.True, "no batch over 64 KiB, uncompressed");

        if (signed)
        {
            // A compressed batch changed in its Brotli stream is refused by its signature, unread; the unchanged one is then a replay of frames already read.
            byte[] tampered = (byte[])compressed[0].Clone();
            tampered[40] ^= 0x5A;
            await InjectAsync(b, tampered);
            Assert.That(await Eventually(() => b.GetStatistics().Rejected[FrameRejectReason.Unauthenticated] == 1), Is.True, b.GetStatistics().ToString());
            Assert.That(b.GetStatistics().Rejected[FrameRejectReason.Malformed], Is.Zero, "refused by the signature before anything was decompressed");
        }
    }

    [Test]
    public async Task Hostile_compressed_batches_are_refused_whole_without_growing_past_their_bound_and_the_real_one_then_arrives_once()
    {
        NodePubSub b = await Node("b@test");
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        Guid forger = Guid.NewGuid();
        byte[] Inner(long sequence) => Frame.Build(forger, sequence, "forger@test", Cluster, null, Events.Codec.Serialize(Events.BuildEvent(M((int)sequence), "store_a")));
        byte[] plain = Frame.Batch(forger, 1, new[] { Inner(1), Inner(2), Inner(3) });
        int inner = plain.Length - 34;

        // 16 MiB of zeros is a Brotli stream of a few bytes: declared at the bound, it must stop there.
        byte[] bomb = Frame.Brotli(new byte[16 << 20]);
        byte[] stream = Frame.Brotli(plain.AsSpan(34).ToArray());
        var hostile = new List<(string What, byte[] Batch)>
        {
            ("a declared length over 65,502", Frame.Compress(plain, declared: 65_503)),
            ("16 MiB of zeros declared as 16 MiB", Frame.Compress(plain, declared: 16 << 20, stream: bomb)),
            ("16 MiB of zeros declared as int.MaxValue", Frame.Compress(plain, declared: int.MaxValue, stream: bomb)),
            ("a declared length under one inner frame", Frame.Compress(plain, declared: 35)),
            ("bytes after the Brotli stream", Frame.Compress(plain, stream: stream.Concat(new byte[] { 0, 1, 2 }).ToArray())),
            ("a stream longer than any of the declared length", Frame.Compress(plain, stream: stream.Concat(new byte[4096]).ToArray())),
            ("a stream with a 4 MiB window", Frame.Compress(plain, stream: Frame.Brotli(plain.AsSpan(34).ToArray(), windowBits: 22))),
            ("a declared length of 0", Frame.Compress(plain, declared: 0)),
            ("a negative declared length", Frame.Compress(plain, declared: -1)),
            ("a declared length short of what the stream gives", Frame.Compress(plain, declared: inner - 1)),
            ("a declared length past what the stream gives", Frame.Compress(plain, declared: inner + 1)),
            ("a stream that is not Brotli", Frame.Compress(plain, stream: Enumerable.Range(0, 200).Select(i => (byte)(i * 37)).ToArray())),
            ("a stream cut short", Frame.Compress(plain, stream: stream.AsSpan(0, 20).ToArray())),
            ("16 MiB of zeros declared as 65,502 bytes", Frame.Compress(plain, declared: 65_502, stream: bomb)),
            ("a header shorter than 38 bytes", Frame.Compress(plain).AsSpan(0, 37).ToArray()),
            ("a compressed batch whose inner frames lie about their count", Frame.Compress(Frame.Batch(forger, 1, new[] { Inner(1), Inner(2), Inner(3) }, count: 4))),
            ("a compressed batch of a compressed batch", Frame.Compress(Frame.Batch(forger, 1, new[] { Frame.Compress(Frame.Batch(forger, 1, new[] { Inner(1) })) }))),
        };

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await InjectManyAsync(b, hostile.Select(h => h.Batch).ToList());
        await InjectAsync(b, Frame.Compress(plain));
        Assert.That(await Within(Read(reader, 3)), Is.EqualTo(Ms(1, 2, 3)), "the real compressed batch arrives whole: no hostile one moved the origin's sequence");
        NodePubSubStatistics stats = b.GetStatistics();
        TestContext.Out.WriteLine(stats);
        Assert.That(stats.Rejected[FrameRejectReason.Malformed], Is.EqualTo(hostile.Count), "each hostile compressed batch is one Malformed: " + stats);
        Assert.That(stats.Rejected.Values.Sum(), Is.EqualTo(hostile.Count), stats.ToString());
        Assert.That(stats.Received, Is.EqualTo(3));
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, Is.LessThan(8L << 20), "nothing grew toward the bomb's 16 MiB");
        Assert.That(b.State, Is.EqualTo(NodePubSubState.Connected));
    }

    [TestCase(-1)]
    [TestCase(2)]
    public void Compression_out_of_range_is_refused_naming_the_option(int value)
    {
        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Node("a@test", o => o.Compression = (FrameCompression)value));
        Assert.That(ex!.Message, Does.Contain(".Compression is not a FrameCompression value"));
    }

    [Test]
    public async Task A_batch_under_2_KiB_travels_plain_and_a_compressed_one_is_at_most_nine_tenths_of_its_plain_size()
    {
        (NodePubSub a, _, IAsyncEnumerator<object> reader, FrameTap tap) = await PairWithTapAsync(4000);
        await using FrameTap tapped = tap;

        // Random printable text: as little redundancy as JSON text can have (about 6.6 bits a byte), so these batches shrink least.
        // Text cannot be made incompressible, so the "at least a tenth" rule shows here as its effect on what is sent compressed.
        var random = new Random(7);
        string Noise() => new(Enumerable.Range(0, 700).Select(_ => (char)random.Next('!', '~' + 1)).ToArray());
        NodeDiscovered[] noisy = Enumerable.Range(0, 1_000).Select(i => new NodeDiscovered(i + ":" + Noise())).ToArray();
        await Within(Task.WhenAll(noisy.Select(m => a.BroadcastAsync(Cluster, m).AsTask()).ToArray()));
        Assert.That(await Within(Read(reader, noisy.Length)), Is.EqualTo(noisy));
        Assert.That(await Eventually(() => InnerFrames(tap.Frames) >= noisy.Length), Is.True, "the eavesdropper has every frame");
        List<byte[]> compressed = tap.Frames.Where(f => f.Length > 38 && f[3] == 5 && f[4] == 1).ToList();
        TestContext.Out.WriteLine($"{compressed.Count} compressed batches of noise: {compressed.Sum(f => (long)f.Length):N0} bytes for {compressed.Sum(f => (long)Frame.Plain(f).Length):N0}");
        Assert.That(compressed, Is.Not.Empty);
        Assert.That(compressed.All(f => (f.Length - 38) * 10L <= (Frame.Plain(f).Length - 34) * 9L), Is.True, "a compressed batch's stream is at most nine tenths of its inner frames");

        // A batch of two small frames (under 2 KiB of inner frames) travels plain, however well it would compress (a tap of its own:
        // the first one may still be reading the noise).
        await using FrameTap after = await TapAsync(a);
        await Within(Task.WhenAll(a.BroadcastAsync(Cluster, M(1)).AsTask(), a.BroadcastAsync(Cluster, M(2)).AsTask()));
        Assert.That(await Within(Read(reader, 2)), Is.EqualTo(Ms(1, 2)));
        Assert.That(await Eventually(() => InnerFrames(after.Frames) >= 2), Is.True);
        List<byte[]> late = after.Frames.Where(f => f.Length > 34 && f[3] == 5).ToList();
        Assert.That(late.All(f => f[4] == 0), Is.True, "under 2 KiB of inner frames: plain");
    }

    [Test]
    public async Task A_compressed_batch_over_the_receivers_frame_limit_once_decompressed_is_refused_as_oversize()
    {
        NodePubSub b = await Node("b@test", o => o.MaxFrameBytes = 4096);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        Guid forger = Guid.NewGuid();
        byte[] Inner(long sequence, int pad) => Frame.Build(forger, sequence, "forger@test", Cluster, null, Events.Codec.Serialize(Events.BuildEvent(new NodeDiscovered(sequence + ":" + new string('x', pad)), "store_a")));

        // About 12 KiB of inner frames that compress to a few hundred bytes: small on the wire, over the 4,096-byte limit once read.
        byte[] big = Frame.Compress(Frame.Batch(forger, 1, new[] { Inner(1, 4000), Inner(2, 4000), Inner(3, 4000) }));
        Assert.That(big.Length, Is.LessThan(4096), "the compressed batch itself is under the limit");
        await InjectAsync(b, big);
        byte[] small = Frame.Compress(Frame.Batch(forger, 1, new[] { Inner(1, 600), Inner(2, 600), Inner(3, 600) }));
        await InjectAsync(b, small);
        Assert.That(await Within(Read(reader, 3)), Has.Count.EqualTo(3), "the batch within the limit arrives");
        NodePubSubStatistics stats = b.GetStatistics();
        Assert.That(stats.Rejected[FrameRejectReason.Oversize], Is.EqualTo(1), stats.ToString());
        Assert.That(stats.Rejected.Values.Sum(), Is.EqualTo(1), stats.ToString());
        Assert.That(stats.Received, Is.EqualTo(3), stats.ToString());
    }

    /// <summary>
    /// Two nodes of a fresh bus (subscriber queues of <paramref name="capacity"/> messages), b reading <c>Cluster</c>, and an
    /// eavesdropper on a's destination, which the caller disposes.
    /// </summary>
    private async Task<(NodePubSub A, NodePubSub B, IAsyncEnumerator<object> Reader, FrameTap Tap)> PairWithTapAsync(int capacity)
    {
        string busName = NewBusName();
        NodePubSub a = await Node("a@test", o => o.SubscriberCapacity = capacity, busName);
        NodePubSub b = await Node("b@test", o => o.SubscriberCapacity = capacity, busName);
        IAsyncEnumerator<object> reader = (await b.SubscribeAsync(Cluster)).GetAsyncEnumerator();
        return (a, b, reader, await TapAsync(a));
    }
}
