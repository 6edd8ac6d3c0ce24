using MassTransit;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>The test's counterpart of the worker's <c>IWorkQueueBus</c>: a bus that only receives the long work.</summary>
public interface IHoldingBus : IBus;
