namespace Stamina.Testing;

public enum WebhookAnswer
{
    Ok,
    ServerError,

    /// <summary>Read the request, then never answer.</summary>
    Hang,
}
