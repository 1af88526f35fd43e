namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// When the background work that can wait a moment (the health refresh, reminders and digests) starts: once the app has
/// answered its first request, or <see cref="Fallback"/> after it started listening if nobody asks, whichever comes first.
/// </summary>
/// <remarks>
/// Why: at the start of a workspace last opened a day or more ago, the health refresh catches up on thousands of
/// onboardings and the first reminder round reads every due item; started with the host, both took the processor (two
/// cores) from the first page, which is then still compiling its code. Nothing a person sees is staler for it: the first
/// answer is the sign-in page (no workspace data); lists show the stored health until the refresh reaches their rows, as
/// they did while it ran alongside; an onboarding's page computes its health afresh; reminders and digests are due
/// within their poll interval, not to the second.
/// </remarks>
public sealed class BackgroundStart
{
    /// <summary>How long after the app started listening the background work starts when no request came first.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>
    /// Lets the waiting background work start (the first request has been answered, or the fallback passed); true for the
    /// call that opened it.
    /// </summary>
    public bool Open() => _open.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}

public static class BackgroundStartSetup
{
    /// <summary>
    /// Starts the hosted services of the given types (registered before this call, by type or by factory) only when
    /// <see cref="BackgroundStart"/> opens, instead of with the host. They stop with the host as before.
    /// </summary>
    public static IServiceCollection AddHandoffBackgroundStart(this IServiceCollection services, params Type[] deferred)
    {
        services.AddSingleton<BackgroundStart>();
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService
                || ImplementationOf(descriptor) is not { } type || !deferred.Contains(type))
            {
                continue;
            }
            services[i] = ServiceDescriptor.Singleton<IHostedService>(provider => new DeferredHostedService(
                Create(descriptor, provider), ownsService: descriptor.ImplementationType is not null, provider.GetRequiredService<BackgroundStart>()));
        }
        return services;
    }

    /// <summary>
    /// First in the pipeline: opens <see cref="BackgroundStart"/> when the first request has been answered, and
    /// <see cref="BackgroundStart.Fallback"/> after the app started listening in any case.
    /// </summary>
    public static WebApplication UseHandoffBackgroundStart(this WebApplication app)
    {
        var start = app.Services.GetRequiredService<BackgroundStart>();
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Delay(BackgroundStart.Fallback, app.Lifetime.ApplicationStopping)
            .ContinueWith(_ => start.Open(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
        app.Use(async (context, next) =>
        {
            if (start.IsOpen)
            {
                await next(context);
                return;
            }
            try
            {
                await next(context);
            }
            finally
            {
                if (start.Open())
                {
                    LogFirstAnswer(app.Logger, context.Request.Path);
                }
            }
        });
        return app;
    }

    /// <summary>Where a cold start's time went, with the start-up lines of Program.cs: the whole process to its first answer.</summary>
    private static void LogFirstAnswer(ILogger logger, PathString path)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        logger.LogInformation(
            "First answer ({Path}) {Elapsed} ms after the process started: processor time {Processor} ms, {Methods} methods JIT-compiled in {Jit} ms",
            path.Value, (int)(DateTime.Now - self.StartTime).TotalMilliseconds, (int)self.TotalProcessorTime.TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount(), (int)System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    private static Type? ImplementationOf(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType
        ?? descriptor.ImplementationInstance?.GetType()
        // AddHostedService(provider => …) keeps the factory's own type, Func<IServiceProvider, TService>.
        ?? descriptor.ImplementationFactory?.GetType().GenericTypeArguments.LastOrDefault();

    private static IHostedService Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IHostedService)(descriptor.ImplementationInstance
                         ?? descriptor.ImplementationFactory?.Invoke(provider)
                         ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    /// <summary>A hosted service started when <see cref="BackgroundStart"/> opens; stopped with the host if it had started.</summary>
    private sealed class DeferredHostedService(IHostedService inner, bool ownsService, BackgroundStart start) : IHostedService, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private Task _starting = Task.CompletedTask;
        private volatile bool _started;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _starting = StartWhenOpenAsync();
            return Task.CompletedTask;
        }

        private async Task StartWhenOpenAsync()
        {
            try
            {
                await start.WaitAsync(_stopping.Token);
                _started = true;
                await inner.StartAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The host stopped before the work began.
            }
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync();
            await _starting;
            if (_started)
            {
                await inner.StopAsync(cancellationToken);
            }
        }

        public void Dispose()
        {
            // Ends a wait that never opened. The source itself is not disposed (it has no timer or link to free): the host may
            // still call StopAsync after disposing its services (WebApplicationFactory does).
            _stopping.Cancel();
            // Made here by type (the container disposes what it resolved itself: an instance, or a factory's service).
            if (ownsService)
            {
                (inner as IDisposable)?.Dispose();
            }
        }
    }
}
