namespace Stamina.Contracts;

/// <summary>
/// Published to every worker by the coordinator when an operator drains (<see cref="Drain"/> true) or undrains the
/// named worker. The coordinator keeps the drain too, so a worker that missed this learns it at registration or from a
/// refused claim.
/// </summary>
public record DrainWorker
{
    public string Name { get; init; } = "";

    /// <summary>True: finish the current item and take nothing new; false: take work again.</summary>
    public bool Drain { get; init; }
}
