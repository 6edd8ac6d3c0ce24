namespace Stamina.Cli.Batch;

/// <summary>A field read from the task file, with where it was written for later messages.</summary>
sealed record FieldValue(object Value, string Location, string Path);
