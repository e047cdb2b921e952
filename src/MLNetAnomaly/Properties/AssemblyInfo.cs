using System.Runtime.CompilerServices;

// The library calls ML.NET's internal persistence API (ModelSaveContext, ModelLoadContext, LoadableClass).
// It compiles against publicized reference assemblies (build/PublicizeMicrosoftML.targets); at run time these
// attributes tell the runtime to skip its access checks for calls into those two assemblies.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]
