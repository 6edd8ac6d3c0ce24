namespace Stamina.Testing;

public enum WebhookAnswer
{
    Ok,
    ServerError,
    NotFound,

    /// <summary>Read the request, then never answer.</summary>
    Hang,
}
