using MassTransit;
using MassTransit.Configuration;

namespace Stamina.Coordinator.Sagas;

public static class PostgresSagaRepositoryExtensions
{
    /// <summary>Persists the saga through <typeparamref name="TStore"/> on the registered NpgsqlDataSource.</summary>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga, TStore>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
        where TStore : class, ISagaRowStore<TSaga>
    {
        configurator.Repository(registration =>
        {
            registration.AddSingleton<ISagaRowStore<TSaga>, TStore>();
            registration.RegisterSagaRepository<TSaga, SagaTransaction, SagaTransactionConsumeContextFactory<TSaga>,
                PostgresSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
