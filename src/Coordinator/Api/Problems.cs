namespace Stamina.Coordinator.Api;

/// <summary>RFC 7807 answers with the field names a client needs to fix its request.</summary>
public static class Problems
{
    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <param name="status">400 for a malformed request; 422 for a well-formed one that names what does not exist (an unknown dependency) or cannot be (a cycle).</param>
    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        Results.ValidationProblem(errors.ToDictionary(), statusCode: status, title: "The request is invalid.",
            detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

    public static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such item.", detail: $"item {id} does not exist");

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);

    /// <summary>An idempotency key sent again with a different request: answering the first item would hide the change.</summary>
    public static IResult KeyReused(string key, Guid itemId) =>
        Results.ValidationProblem(new Dictionary<string, string[]>
        {
            ["Idempotency-Key"] = [$"'{key}' was already used for a different request (item {itemId}); send the same request, or a new key"],
        }, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The idempotency key was used for another request.",
            detail: $"Idempotency-Key '{key}' was already used for a different request (item {itemId})");

    public static IResult Conflict(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed in the item's state.", detail: reason);
}
