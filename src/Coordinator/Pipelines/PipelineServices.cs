using Stamina.Coordinator.Api;

namespace Stamina.Coordinator.Pipelines;

public static class PipelineServices
{
    public static IServiceCollection AddPipelines(this IServiceCollection services)
    {
        services.AddSingleton<StepItems>();
        services.AddSingleton<PipelineCreator>();
        services.AddSingleton<PipelineAdvancer>();
        services.AddSingleton<PipelineQueries>();
        services.AddSingleton<PipelineValidator>();
        return services;
    }
}
