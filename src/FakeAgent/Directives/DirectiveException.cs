namespace Stamina.FakeAgent.Directives;

/// <summary>A <c>fake:</c> line the fake cannot obey: a typo in a test must fail loudly, not run the default.</summary>
sealed class DirectiveException(string message) : Exception(message);
