using Stamina.Coordinator;

return await CoordinatorService.RunAsync(args);
