using Stamina.Coordinator.Leadership;

namespace Stamina.Coordinator.Api;

public static class CoordinatorEndpoints
{
    /// <summary>
    /// <c>GET /api/coordinator</c>: which replica answered, whether it leads, and who does (as the database says), so an
    /// operator behind a load balancer can tell the replicas apart.
    /// </summary>
    public static IEndpointRouteBuilder MapCoordinatorEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/coordinator", (CoordinatorLeadership leadership) => Results.Ok(new
        {
            replica = CoordinatorLeadership.ReplicaName,
            role = leadership.IsLeader ? "leader" : "standby",
            leader = leadership.Leader,
            leaderSince = leadership.LeaderSince,
            clockOffsetSeconds = Math.Round(leadership.ClockOffset.TotalSeconds, 3),
        }));
        return routes;
    }
}
