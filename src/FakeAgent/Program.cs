using Stamina.FakeAgent;

Termination.ExitOnSignals();
return FakeAgentApp.Run(args, TimeProvider.System);
