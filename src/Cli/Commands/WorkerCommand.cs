using System.CommandLine;
using Stamina.Worker;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina worker</c>: one worker service (it takes items of a pool from RabbitMQ) in this process.</summary>
static class WorkerCommand
{
    public const string Name = "worker";

    public const string Examples = """
        Examples:
          export ConnectionStrings__RabbitMq='amqp://worker-a:...@broker:5672/stamina'
          stamina worker --pool night --name box2-a --work-dir /srv/stamina/box2-a
          stamina worker --pool night --account work --Stamina:Accounts:work:claude=/home/me/.claude-work
          stamina worker --config /etc/stamina/worker.yml --urls http://0.0.0.0:9464   (metrics and health)
          stamina worker --pool night --shift 22:00-07:00 --tz Europe/Berlin   (new work only from 22:00 to 07:00)
        """;

    public static Command Create() => ServiceCommand.Create(Name,
        "Run a worker service here (as stamina-worker): takes items of its pool from RabbitMQ and runs them",
        WorkerService.RunAsync,
        [
            ServiceCommand.Setting("--pool", "The pool whose items it runs (Stamina:Worker:Pool) [default: default]", "POOL"),
            ServiceCommand.Setting("--name", "Its name, unique among live workers (Stamina:Worker:Name) [default: <machine>-<account or default>]", "NAME"),
            ServiceCommand.Setting("--work-dir", "Its own directory for mirrors and worktrees, one live worker each (Stamina:Worker:WorkDir) [default: ~/.stamina/workers/<name>]", "DIR"),
            ServiceCommand.Setting("--account", "The agent account it uses (Stamina:Worker:Account; Stamina:Accounts:<name>:<harness> holds each config dir)", "NAME"),
            ServiceCommand.Setting("--shift", "Take new work only in this daily window, HH:mm-HH:mm, across midnight when the end is earlier (Stamina:Worker:Shift) [default: always]", "WINDOW"),
            ServiceCommand.Setting("--tz", "The time zone of --shift, an IANA id such as Europe/Berlin (Stamina:Worker:ShiftTimeZone) [default: the machine's]", "ZONE"),
            ServiceCommand.Urls("Where its health and metrics endpoints listen [default: nowhere]"),
        ]);
}
