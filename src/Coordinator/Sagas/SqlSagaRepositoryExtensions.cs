using MassTransit;
using MassTransit.Configuration;

namespace Stamina.Coordinator.Sagas;

public static class SqlSagaRepositoryExtensions
{
    /// <summary>Persists the saga through <typeparamref name="TStore"/> on the registered <see cref="Persistence.StaminaDatabase"/>.</summary>
    public static ISagaRegistrationConfigurator<TSaga> SqlRepository<TSaga, TStore>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
        where TStore : class, ISagaRowStore<TSaga>
    {
        configurator.Repository(registration =>
        {
            registration.AddSingleton<ISagaRowStore<TSaga>, TStore>();
            registration.RegisterSagaRepository<TSaga, SagaTransaction, SagaTransactionConsumeContextFactory<TSaga>,
                SqlSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
