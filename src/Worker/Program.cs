using Stamina.Worker;

return await WorkerService.RunAsync(args);
