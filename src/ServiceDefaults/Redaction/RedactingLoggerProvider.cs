using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stamina.ServiceDefaults.Redaction;

/// <summary>
/// Wraps a logger provider (the console's, say) so that every formatted message passes through the
/// <see cref="SecretRedactor"/>: a log line that quotes an agent's output or an error cannot print a token.
/// Structured state handed to a structured sink keeps its values; our log templates carry ids, not agent text.
/// </summary>
sealed class RedactingLoggerProvider(ILoggerProvider inner, SecretRedactor redactor) : ILoggerProvider
{
    /// <summary>Replaces every <see cref="ILoggerProvider"/> registered so far by a redacting wrapper around it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService)
                continue;
            services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(provider =>
                new RedactingLoggerProvider(Create(provider, descriptor), provider.GetRequiredService<SecretRedactor>()));
        }
    }

    static ILoggerProvider Create(IServiceProvider provider, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: ILoggerProvider instance } => instance,
        { ImplementationFactory: { } factory } => (ILoggerProvider)factory(provider),
        _ => (ILoggerProvider)ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!),
    };

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void Dispose() => inner.Dispose();

    sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, (s, e) => redactor.Redact(formatter(s, e)));
    }
}
