# Times the seed's own ExESDB.Events (beam-campus/ex-esdb, package/lib/ex_esdb/events.ex) on the BEAM,
# on the operations of issue 13's side-by-side table. run.sh compiles the seed's module into a folder
# and runs this file with that folder on the code path:
#
#   elixir -pa EBIN benchmarks/beam/bench.exs --iterations 3000000 --rounds 3 --out results.tsv
#
# Output: a human-readable table on stdout, and (with --out) one tab-separated line per operation:
#   operation  net_ns_per_op  gross_ns_per_op  loop_ns_per_op  heap_bytes_per_op  round_ns_per_op(comma list)
# net = the median round of the operation's loop minus the median round of an empty loop of the same
# shape, as BenchmarkDotNet subtracts its own overhead on the C# side.

defmodule EventCatalog.BeamBench do
  @moduledoc false

  alias ExESDB.Events

  # Each loop is a plain tail-recursive function that calls the seed's function directly (a remote call,
  # which the compiler can neither inline nor drop, and whose result is discarded), with its arguments
  # passed in from outside rather than written as literals in the body. All loops share one shape
  # (five arguments) so that one empty loop measures the overhead of all of them.
  def build_event(0, _a, _b, _c, _d), do: :ok

  def build_event(n, a, b, c, d) do
    _ = Events.build_event(a, b, c)
    build_event(n - 1, a, b, c, d)
  end

  def build_payload(0, _a, _b, _c, _d), do: :ok

  def build_payload(n, a, b, c, d) do
    _ = Events.build_payload(a, b, c, d)
    build_payload(n - 1, a, b, c, d)
  end

  def build_topic(0, _a, _b, _c, _d), do: :ok

  def build_topic(n, a, b, c, d) do
    _ = Events.build_topic(a, b)
    build_topic(n - 1, a, b, c, d)
  end

  def valid_event(0, _a, _b, _c, _d), do: :ok

  def valid_event(n, a, b, c, d) do
    _ = Events.valid_event?(a, b)
    valid_event(n - 1, a, b, c, d)
  end

  def valid_event_structure(0, _a, _b, _c, _d), do: :ok

  def valid_event_structure(n, a, b, c, d) do
    _ = Events.valid_event_structure?(a)
    valid_event_structure(n - 1, a, b, c, d)
  end

  def empty(0, _a, _b, _c, _d), do: :ok
  def empty(n, a, b, c, d), do: empty(n - 1, a, b, c, d)

  @doc """
  The operations, in the order of issue 13's table: {name, loop function, its four arguments}. The
  inputs are those of benchmarks/EventCatalog.Benchmarks/RuntimeBenchmarks.cs: store `my_store`, a
  `cluster_joined` event with `via_node`, the hit `cluster`/`cluster_leave_failed` (the last event of
  its category), the miss `cluster`/`events_persisted` (an event of another category).
  """
  def operations do
    data = %{via_node: :"node2@host"}
    opts = [store_id: :my_store]
    event = Events.build_event(:cluster_joined, data, opts)

    [
      {"build_event", :build_event, [:cluster_joined, data, opts, nil]},
      {"build_payload", :build_payload, [:cluster_event, :cluster_joined, data, opts]},
      {"build_topic", :build_topic, [:my_store, :cluster, nil, nil]},
      {"valid_event_hit", :valid_event, [:cluster, :cluster_leave_failed, nil, nil]},
      {"valid_event_miss", :valid_event, [:cluster, :events_persisted, nil, nil]},
      {"valid_event_structure", :valid_event_structure, [event, nil, nil, nil]}
    ]
  end

  @doc "Nanoseconds for one run of `fun`'s loop over `n` iterations."
  def time_loop(fun, n, args) do
    t0 = :erlang.monotonic_time(:nanosecond)
    apply(__MODULE__, fun, [n | args])
    :erlang.monotonic_time(:nanosecond) - t0
  end

  @doc """
  Timing of one operation in a fresh process (so that one operation's heap does not carry into the
  next): a warm-up of a tenth of the iterations, then `rounds` rounds of `n` for the operation and for
  the empty loop, interleaved. Returns {net, gross, loop, rounds} in ns per operation (medians).
  """
  def measure_time(fun, args, n, rounds) do
    run_isolated(fn ->
      warm = max(div(n, 10), 1_000)
      time_loop(fun, warm, args)
      time_loop(:empty, warm, args)

      {op, loop} =
        Enum.unzip(for _ <- 1..rounds, do: {time_loop(fun, n, args) / n, time_loop(:empty, n, args) / n})

      {max(median(op) - median(loop), 0.0), median(op), median(loop), op}
    end)
  end

  @doc """
  Process-heap bytes allocated per operation: the words the VM's garbage collector reclaims over
  `n` iterations (a full collection before and after, so everything the loop allocated and dropped is
  counted once), minus the same for the empty loop, times the word size. Off-heap (reference-counted)
  binary data is not included: for the seed that is the 16 random bytes of an event id.
  """
  def measure_bytes(fun, args, n) do
    run_isolated(fn ->
      words = fn f ->
        :erlang.garbage_collect()
        {_, w0, _} = :erlang.statistics(:garbage_collection)
        apply(__MODULE__, f, [n | args])
        :erlang.garbage_collect()
        {_, w1, _} = :erlang.statistics(:garbage_collection)
        w1 - w0
      end

      # words_reclaimed is VM-wide: the smaller of three runs keeps another process's collection out.
      op = Enum.min(for _ <- 1..3, do: words.(fun))
      loop = Enum.min(for _ <- 1..3, do: words.(:empty))
      max(op - loop, 0) / n * :erlang.system_info(:wordsize)
    end)
  end

  defp run_isolated(fun) do
    {pid, ref} = spawn_monitor(fn -> exit({:ok, fun.()}) end)

    receive do
      {:DOWN, ^ref, :process, ^pid, {:ok, result}} -> result
      {:DOWN, ^ref, :process, ^pid, reason} -> raise "benchmark process failed: #{inspect(reason)}"
    end
  end

  defp median(xs) do
    sorted = Enum.sort(xs)
    len = length(sorted)

    if rem(len, 2) == 1,
      do: Enum.at(sorted, div(len, 2)),
      else: (Enum.at(sorted, div(len, 2) - 1) + Enum.at(sorted, div(len, 2))) / 2
  end

  def main(argv) do
    {opts, rest, invalid} =
      OptionParser.parse(argv, strict: [iterations: :integer, rounds: :integer, out: :string])

    if rest != [] or invalid != [] do
      IO.puts(:stderr, "bench.exs: unexpected arguments #{inspect(rest ++ invalid)}; usage: --iterations N --rounds R [--out FILE]")
      System.halt(2)
    end

    n = Keyword.get(opts, :iterations, 3_000_000)
    rounds = Keyword.get(opts, :rounds, 3)

    if n < 1 or rounds < 1 do
      IO.puts(:stderr, "bench.exs: --iterations and --rounds must be at least 1 (got #{n}, #{rounds})")
      System.halt(2)
    end

    unless Code.ensure_loaded?(Events) do
      IO.puts(:stderr, "bench.exs: ExESDB.Events is not loaded: the file compiled is not the seed's module, or -pa EBIN is missing")
      System.halt(2)
    end

    # The seed's API as of issue 13; a version without one of these cannot be compared row by row.
    needed = [build_event: 3, build_payload: 4, build_topic: 2, valid_event?: 2, valid_event_structure?: 1]

    case Enum.reject(needed, fn {f, a} -> function_exported?(Events, f, a) end) do
      [] ->
        :ok

      missing ->
        IO.puts(:stderr, "bench.exs: this ExESDB.Events lacks #{Enum.map_join(missing, ", ", fn {f, a} -> "#{f}/#{a}" end)}")
        System.halt(2)
    end

    IO.puts(
      "BEAM: Elixir #{System.version()}, OTP #{System.otp_release()} (erts #{:erlang.system_info(:version)}, " <>
        "#{:erlang.system_info(:emu_flavor)}), #{:erlang.system_info(:schedulers_online)} schedulers; " <>
        "#{n} iterations x #{rounds} rounds after a warm-up"
    )

    # Allocation is deterministic, so a shorter run gives it exactly.
    bytes_n = min(n, 100_000)

    results =
      for {name, fun, args} <- operations() do
        {net, gross, loop, per_round} = measure_time(fun, args, n, rounds)
        bytes = measure_bytes(fun, args, bytes_n)

        IO.puts(
          String.pad_trailing(name, 24) <>
            "#{fmt(net)} ns/op  (loop #{fmt(gross)} - empty loop #{fmt(loop)}; rounds #{Enum.map_join(per_round, ", ", &fmt/1)})  " <>
            "#{round(bytes)} B heap/op"
        )

        Enum.join([name, fmt(net), fmt(gross), fmt(loop), fmt(bytes), Enum.map_join(per_round, ",", &fmt/1)], "\t")
      end

    if path = opts[:out] do
      File.write!(path, Enum.join(results, "\n") <> "\n")
    end
  end

  defp fmt(x), do: :erlang.float_to_binary(x / 1, decimals: 2)
end

EventCatalog.BeamBench.main(System.argv())
