using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>score FILE --model MODEL</c>: loads a saved ML.NET model (any pipeline ending in our detectors) in this
/// process, reads the CSV columns the model's input schema names, and writes the input with every prediction
/// column added, numbers in round-trip form.
/// </summary>
internal static class ScoreCommand
{
    /// <summary>Builds the command.</summary>
    internal static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV file with a header that names the columns the model expects." };
        var model = new Option<FileInfo>("--model", "-m") { Description = "Saved model (ML.NET zip).", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Scores CSV to write (default: FILE's name with .scores.csv, in the current folder)." };
        var command = new Command("score", "Score a CSV series with a saved model and write the predictions to a CSV file.") { file, model, output };
        var threads = CommandRunner.ThreadsOption();
        command.Options.Add(threads);
        var timestampColumn = TimeOrderOption.TimestampColumn();
        var timeOrder = TimeOrderOption.Create();
        command.Options.Add(timestampColumn);
        command.Options.Add(timeOrder);

        CommandRunner.SetBody(command, result =>
        {
            CommandRunner.ApplyThreads(result, threads);
            var modelFile = result.GetValue(model)!;
            if (!modelFile.Exists)
            {
                throw new CliException($"Model file '{modelFile.FullName}' does not exist.");
            }

            var input = result.GetValue(file)!;
            var outputPath = result.GetValue(output)?.FullName ?? Path.GetFileNameWithoutExtension(input.Name) + ".scores.csv";
            SafeFile.CheckOutput(outputPath, "--output", input.FullName, modelFile.FullName);
            var read = CsvTable.Read(input.FullName);
            var table = TimeOrderOption.Apply(read, result.GetValue(timestampColumn), TimeOrderOption.Value(result, timeOrder));
            var ml = new MLContext();
            ITransformer transformer;
            DataViewSchema inputSchema;
            try
            {
                transformer = ml.Model.LoadDetectorModel(modelFile.FullName, out inputSchema);
            }
            catch (Exception exception) when (exception is InvalidDataException or NotSupportedException)
            {
                throw new CliException(exception.Message);
            }

            // The same rule as every other command: an empty field is missing; text that is not a number, or a number
            // beyond the column's precision, is an error naming the line (ML.NET's text loader would read it as NaN).
            foreach (var column in LoaderColumns(table, inputSchema))
            {
                var index = column.Source[0].Min;
                if (column.DataKind == DataKind.Single)
                {
                    table.NumericColumn(index);
                }
                else if (column.DataKind == DataKind.Double)
                {
                    table.DoubleColumn(index);
                }
            }

            // Rows sorted by --time-order sort are handed to ML.NET's loader, which reads files, as a sorted copy.
            var sortedCopy = ReferenceEquals(table, read) ? null : Path.Combine(Path.GetTempPath(), $"mlnet-anomaly-{Guid.NewGuid():N}.csv");
            long rows;
            try
            {
                if (sortedCopy is not null)
                {
                    using var writer = new StreamWriter(sortedCopy);
                    table.WriteTo(writer);
                }

                var loader = ml.Data.CreateTextLoader(LoaderColumns(table, inputSchema), separatorChar: ',', hasHeader: true, allowQuoting: true);
                var scored = transformer.Transform(loader.Load(sortedCopy ?? input.FullName));
                rows = WriteScores(outputPath, scored, inputSchema);
            }
            finally
            {
                if (sortedCopy is not null)
                {
                    File.Delete(sortedCopy);
                }
            }

            Console.WriteLine($"Scored {rows:N0} rows of {input.Name} with {modelFile.Name}; written to {outputPath}");
            (transformer as IDisposable)?.Dispose();
        });
        return command;
    }

    private static TextLoader.Column[] LoaderColumns(CsvTable table, DataViewSchema inputSchema)
        => inputSchema.Where(c => !c.IsHidden).Select(c => new TextLoader.Column(c.Name, KindOf(c), table.ColumnIndex(c.Name))).ToArray();

    private static DataKind KindOf(DataViewSchema.Column column)
    {
        var type = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        return type.RawType switch
        {
            var t when t == typeof(float) => DataKind.Single,
            var t when t == typeof(double) => DataKind.Double,
            var t when t == typeof(int) => DataKind.Int32,
            var t when t == typeof(long) => DataKind.Int64,
            var t when t == typeof(bool) => DataKind.Boolean,
            var t when t == typeof(ReadOnlyMemory<char>) => DataKind.String,
            _ => throw new CliException($"The model expects column '{column.Name}' of type {column.Type}, which the CSV reader cannot supply."),
        };
    }

    private static long WriteScores(string path, IDataView scored, DataViewSchema inputSchema)
    {
        long rows = 0;
        SafeFile.WriteText(path, writer => rows = WriteScores(writer, scored, inputSchema));
        return rows;
    }

    private static long WriteScores(TextWriter writer, IDataView scored, DataViewSchema inputSchema)
    {
        var columns = scored.Schema.Where(c => !c.IsHidden && IsWritable(c.Type) && (inputSchema.GetColumnOrNull(c.Name) is not null || c.Type is VectorDataViewType)).ToList();
        writer.WriteLine(string.Join(",", columns.SelectMany(HeaderNames)));
        var formatters = columns.Select(c => Formatter(scored, c)).ToList();
        long rows = 0;
        using var cursor = scored.GetRowCursor(columns);
        var bound = formatters.Select(f => f(cursor)).ToList();
        while (cursor.MoveNext())
        {
            writer.WriteLine(string.Join(",", bound.Select(f => f())));
            rows++;
        }

        return rows;
    }

    private static bool IsWritable(DataViewType type)
        => type is TextDataViewType or NumberDataViewType or BooleanDataViewType
            || (type is VectorDataViewType { IsKnownSize: true } vector && vector.ItemType == NumberDataViewType.Double);

    private static IEnumerable<string> HeaderNames(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType vector)
        {
            return new[] { column.Name };
        }

        var slots = default(VBuffer<ReadOnlyMemory<char>>);
        if (column.Annotations.Schema.GetColumnOrNull("SlotNames") is not null)
        {
            column.GetSlotNames(ref slots);
            return slots.DenseValues().Select(s => $"{column.Name}.{s.ToString().Replace("-", string.Empty, StringComparison.Ordinal)}");
        }

        return Enumerable.Range(0, vector.Size).Select(i => $"{column.Name}.{i}");
    }

    private static Func<DataViewRowCursor, Func<string>> Formatter(IDataView data, DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType => cursor =>
        {
            var getter = cursor.GetGetter<VBuffer<double>>(column);
            var buffer = default(VBuffer<double>);
            return () =>
            {
                getter(ref buffer);
                return string.Join(",", buffer.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            };
        },
        TextDataViewType => cursor =>
        {
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var text = default(ReadOnlyMemory<char>);
            return () =>
            {
                getter(ref text);
                return text.ToString();
            };
        },
        _ when column.Type.RawType == typeof(float) => Scalar<float>(column, v => v.ToString("R", CultureInfo.InvariantCulture)),
        _ when column.Type.RawType == typeof(double) => Scalar<double>(column, v => v.ToString("R", CultureInfo.InvariantCulture)),
        _ when column.Type.RawType == typeof(int) => Scalar<int>(column, v => v.ToString(CultureInfo.InvariantCulture)),
        _ when column.Type.RawType == typeof(long) => Scalar<long>(column, v => v.ToString(CultureInfo.InvariantCulture)),
        _ => Scalar<bool>(column, v => v ? "true" : "false"),
    };

    private static Func<DataViewRowCursor, Func<string>> Scalar<T>(DataViewSchema.Column column, Func<T, string> format) => cursor =>
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return format(value);
        };
    };
}
