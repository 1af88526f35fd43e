using System.Diagnostics;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// What the whole process (the app hosted here and this client) did during one window, to explain a slow one:
/// collections per generation and their pauses, bytes allocated, processor time, the thread pool's longest queue
/// (sampled every 10 ms), and the methods the runtime compiled meanwhile (a measure that meets a runtime still compiling
/// measures the compiler too).
/// </summary>
internal sealed class ProcessWindow : IAsyncDisposable
{
    private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: false);
    private readonly long _compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _compiling = System.Runtime.JitInfo.GetCompilationTime();
    private readonly TimeSpan _cpu;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _maxQueued;
    private int _maxThreads;
    private string? _summary;

    public ProcessWindow()
    {
        using var process = Process.GetCurrentProcess();
        _cpu = process.TotalProcessorTime;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _maxQueued = Math.Max(_maxQueued, ThreadPool.PendingWorkItemCount);
                _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
                try
                {
                    await Task.Delay(10, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>All the collections' pauses in the window together.</summary>
    public TimeSpan Paused { get; private set; }

    /// <summary>The methods the runtime compiled in the window.</summary>
    public long CompiledMethods { get; private set; }

    public async Task<string> EndAsync()
    {
        if (_summary is not null)
        {
            return _summary;
        }
        var elapsed = _clock.Elapsed;
        await _stop.CancelAsync();
        await _sampler;
        Paused = GC.GetTotalPauseDuration() - _paused;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - _cpu;
        CompiledMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - _compiled;
        var compiling = System.Runtime.JitInfo.GetCompilationTime() - _compiling;
        _summary = $"GCs {GC.CollectionCount(0) - _collections[0]}/{GC.CollectionCount(1) - _collections[1]}/{GC.CollectionCount(2) - _collections[2]} " +
                   $"(gen0/1/2) pausing {Paused.TotalMilliseconds:0} ms, {(GC.GetTotalAllocatedBytes(precise: false) - _allocated) / 1048576.0:0.0} MB allocated, " +
                   $"CPU {cpu.TotalMilliseconds:0} ms in {elapsed.TotalMilliseconds:0} ms, thread pool queue ≤ {_maxQueued} ({_maxThreads} threads), " +
                   $"JIT compiled {CompiledMethods} methods in {compiling.TotalMilliseconds:0} ms meanwhile";
        return _summary;
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        _stop.Dispose();
    }
}
