// A fleet on two silos, each its own process, with membership and state in PostgreSQL: streams a few thousand
// series through them, kills one silo halfway, and checks that every series continued on the other with nothing lost
// and nothing counted twice (each series' predictions equal a single engine's that never stopped).
//
//   eval "$(build/postgres.sh start)"        # a local PostgreSQL with the fleet's schema; sets MLNETANOMALY_POSTGRES
//   dotnet run --project samples/Fleet [-- --series 2000 --points 200]
//
// The same program is the silo: the coordinator starts it twice with "silo PORT GATEWAY CLUSTER COORDINATOR-PID".
using Fleet;

var connection = Environment.GetEnvironmentVariable("MLNETANOMALY_POSTGRES");
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("Set MLNETANOMALY_POSTGRES to a PostgreSQL connection string (build/postgres.sh start prints one, with the fleet's schema applied).");
    return 2;
}

if (args.Length == 5 && args[0] == "silo")
{
    await SiloProcess.RunAsync(connection, int.Parse(args[1]), int.Parse(args[2]), args[3], int.Parse(args[4]));
    return 0;
}

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
return await Coordinator.RunAsync(connection, Option("--series", 2_000), Option("--points", 200));
