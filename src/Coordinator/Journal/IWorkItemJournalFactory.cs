using MassTransit;

namespace Stamina.Coordinator.Journal;

/// <summary>Gives the state machine the journal of the event it is handling.</summary>
public interface IWorkItemJournalFactory
{
    IWorkItemJournal For(PipeContext context);
}
