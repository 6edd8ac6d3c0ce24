using System.Text.Json;
using System.Text.Json.Nodes;
using Stamina.Cli.Api;
using Stamina.Coordinator.Api;
using Server = Stamina.Coordinator;

namespace Stamina.Cli.Tests.Api;

/// <summary>
/// The CLI keeps its own copies of the coordinator's views and requests (it must not reference the coordinator). These
/// tests hold the copies to the originals: every field of a populated server view survives the CLI's type (read with the
/// CLI's options, written again), and every field the CLI sends is one the coordinator reads (its strict options refuse
/// unknown members) and keeps. A field added, renamed or retyped on one side only fails here, not in a user's terminal.
/// </summary>
[TestFixture]
public sealed class ApiTypesRoundTripTests
{
    /// <summary>How the coordinator's HTTP API writes its answers (minimal APIs' web defaults).</summary>
    static readonly JsonSerializerOptions ServerWrites = new(JsonSerializerDefaults.Web);

    static readonly (Type Server, Type Cli)[] Views =
    [
        (typeof(Server.Items.ItemView), typeof(WorkItem)),
        (typeof(Server.Workers.WorkerView), typeof(WorkerInfo)),
        (typeof(Server.Batches.BatchView), typeof(BatchInfo)),
        (typeof(Server.Breakers.BreakerView), typeof(BreakerInfo)),
        (typeof(Server.Api.Dispatch.DispatchView), typeof(DispatchState)),
        (typeof(Server.Pipelines.PipelineView), typeof(Pipeline)),
        (typeof(Server.Schedules.ScheduleView), typeof(ScheduleInfo)),
        (typeof(Server.Stats.StatsView), typeof(FleetStats)),
        (typeof(Server.Api.PruneAnswer), typeof(Cli.Api.PruneAnswer)),
        (typeof(Server.Reports.MorningReport), typeof(Cli.Api.MorningReport)),
        (typeof(ItemListAnswer), typeof(ItemList)),
        (typeof(WorkerListAnswer), typeof(WorkerList)),
        (typeof(BatchListAnswer), typeof(BatchList)),
        (typeof(BreakerListAnswer), typeof(BreakerList)),
        (typeof(ScheduleListAnswer), typeof(ScheduleList)),
        (typeof(BatchActionAnswer), typeof(BatchActionResult)),
        (typeof(WorkerResumeAnswer), typeof(ResumedWorker)),
        (typeof(WorkerDrainAnswer), typeof(DrainedWorker)),
    ];

    static readonly (Type Cli, Type Server)[] Requests =
    [
        (typeof(Cli.Api.SubmitItemRequest), typeof(Server.Api.SubmitItemRequest)),
        (typeof(Cli.Api.BatchRequest), typeof(Server.Batches.BatchRequest)),
        (typeof(Cli.Api.DispatchPauseRequest), typeof(Server.Api.Dispatch.DispatchPauseRequest)),
        (typeof(Cli.Api.PipelineStepRequest), typeof(Server.Api.PipelineStepRequest)),
        (typeof(Cli.Api.PruneRequest), typeof(Server.Api.PruneRequest)),
        (typeof(ScheduleAddRequest), typeof(Server.Schedules.ScheduleRequest)),
    ];

    /// <summary>The CLI's types in its API folder that never cross the wire as JSON bodies, and why.</summary>
    static readonly Dictionary<Type, string> NotBodies = new()
    {
        [typeof(CliJson)] = "the serializer options",
        [typeof(CoordinatorClient)] = "the client itself",
        [typeof(CoordinatorException)] = "an exception",
        [typeof(ApiResponse<>)] = "the client's envelope around a body",
        [typeof(PlainHttpKeyGuard)] = "a check on the address",
        [typeof(Cli.Api.ProblemDetails)] = "ASP.NET's RFC 9457 problem, not a type of ours",
        [typeof(TranscriptChunk)] = "raw bytes and a header",
        [typeof(WindowRequest)] = "a query string",
    };

    static IEnumerable<TestCaseData> ViewCases() => Views.Select(v => new TestCaseData(v.Server, v.Cli).SetArgDisplayNames(v.Server.Name, v.Cli.Name));

    static IEnumerable<TestCaseData> RequestCases() => Requests.Select(r => new TestCaseData(r.Cli, r.Server).SetArgDisplayNames(r.Cli.Name, r.Server.Name));

    [TestCaseSource(nameof(ViewCases))]
    public void Every_field_of_a_server_view_survives_the_CLI_type(Type server, Type cli)
    {
        var written = JsonSerializer.SerializeToNode(SampleValues.Of(server), server, ServerWrites);

        var read = written.Deserialize(cli, CliJson.Options);
        var writtenAgain = JsonSerializer.SerializeToNode(read, cli, CliJson.Options);

        Assert.That(JsonSubset.Differences(written, writtenAgain), Is.Empty, $"{written}");
    }

    [TestCaseSource(nameof(RequestCases))]
    public void Every_field_the_CLI_sends_is_read_and_kept_by_the_coordinator(Type cli, Type server)
    {
        var sent = JsonSerializer.SerializeToNode(SampleValues.Of(cli), cli, CliJson.Options);

        var read = sent.Deserialize(server, ApiJson.Strict);
        var kept = JsonSerializer.SerializeToNode(read, server, ApiJson.Strict);

        Assert.That(JsonSubset.Differences(sent, kept), Is.Empty, $"{sent}");
    }

    [Test]
    public void Every_body_type_of_the_CLI_is_held_to_the_coordinator_s()
    {
        var covered = new HashSet<Type>();
        var pending = new Stack<Type>(Views.Select(v => v.Cli).Concat(Requests.Select(r => r.Cli)));
        while (pending.TryPop(out var type))
        {
            if (!covered.Add(type))
                continue;
            foreach (var property in type.GetProperties())
            {
                foreach (var used in Unwrap(property.PropertyType).Where(t => t.Namespace == typeof(CliJson).Namespace))
                    pending.Push(used);
            }
        }
        var bodies = typeof(CliJson).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(CliJson).Namespace && !t.IsNested && !t.IsEnum && !t.IsInterface
                && !t.Name.StartsWith('<') && !NotBodies.ContainsKey(t));

        Assert.That(bodies.Where(t => !covered.Contains(t)).Select(t => t.Name), Is.Empty,
            "add each to Views or Requests with the coordinator's type it mirrors, or to NotBodies with the reason");
    }

    /// <summary>A property's type and its generic arguments (lists, nullables, dictionaries), all the way down.</summary>
    static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
            yield return argument;
        if (type.IsArray)
        {
            foreach (var element in Unwrap(type.GetElementType()!))
                yield return element;
        }
    }
}
