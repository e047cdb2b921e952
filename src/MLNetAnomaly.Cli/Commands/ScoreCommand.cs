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
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Scores CSV to write (default: FILE's name with .scores.csv, in the current folder): timestamp,value,alert,score,p_value[,expected], then FILE's other columns, as detect writes it." };
        var valueColumn = new Option<string?>("--value-column") { Description = "The CSV column holding the series, when its name is not the model's input column (a model saved by select reads 'Value')." };
        var command = new Command("score", "Score a CSV series with a saved model and write a scores file, the same format detect writes.") { file, model, output, valueColumn };
        var threads = CommandRunner.ThreadsOption();
        command.Options.Add(threads);
        var (timestampColumn, timeOrder) = TimeOrderOption.AddOptionalTimestamps(command);

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
            var (columns, valueSource) = LoaderColumns(table, inputSchema, result.GetValue(valueColumn));
            foreach (var column in columns)
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

                var loader = ml.Data.CreateTextLoader(columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
                var scored = transformer.Transform(loader.Load(sortedCopy ?? input.FullName));
                rows = WriteScores(outputPath, scored, inputSchema, table, TimestampIndex(table, result.GetValue(timestampColumn)), valueSource);
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

    /// <summary>
    /// The text loader's columns: each input column of the model read from the CSV column of its name, except the
    /// series (the model's one numeric scalar input), read from <paramref name="valueColumn"/> when given. Also returns
    /// the CSV column holding the series.
    /// </summary>
    private static (TextLoader.Column[] Columns, int ValueSource) LoaderColumns(CsvTable table, DataViewSchema inputSchema, string? valueColumn)
    {
        var inputs = inputSchema.Where(c => !c.IsHidden).ToList();
        var numeric = inputs.Where(c => c.Type is NumberDataViewType).ToList();
        string? series = numeric.Count == 1 ? numeric[0].Name : numeric.FirstOrDefault(c => c.Name.Equals("value", StringComparison.OrdinalIgnoreCase)).Name;
        if (valueColumn is not null && series is null)
        {
            throw new CliException($"--value-column applies to a model with one numeric input column; this model reads {string.Join(", ", inputs.Select(c => $"'{c.Name}'"))}.");
        }

        if (series is not null && valueColumn is null && !table.Header.Contains(series, StringComparer.OrdinalIgnoreCase))
        {
            throw new CliException($"The model reads the series from a column '{series}', which {table.Path} does not have (its columns are: {string.Join(", ", table.Header)}); name the file's column with --value-column.");
        }

        var columns = inputs.Select(c => new TextLoader.Column(c.Name, KindOf(c), table.ColumnIndex(c.Name == series && valueColumn is not null ? valueColumn : c.Name))).ToArray();
        var valueSource = series is null ? -1 : columns.Single(c => c.Name == series).Source[0].Min;
        return (columns, valueSource);
    }

    private static int TimestampIndex(CsvTable table, string? timestampColumn)
        => timestampColumn is not null ? table.ColumnIndex(timestampColumn) : Array.FindIndex(table.Header, h => h.Equals("timestamp", StringComparison.OrdinalIgnoreCase));

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

    /// <summary>
    /// Writes the scores file: each row's timestamp (the row number when the file has none), value, the prediction
    /// column's alert, score and p-value (a change point's martingale as its score, as <c>detect</c> writes it), the
    /// expected value when the model adds one, then the input's other columns.
    /// </summary>
    private static long WriteScores(string path, IDataView scored, DataViewSchema inputSchema, CsvTable table, int timestampIndex, int valueIndex)
    {
        var prediction = PredictionColumn(scored.Schema, inputSchema);
        var expectedColumn = scored.Schema.FirstOrDefault(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null && c.Name.Equals("Expected", StringComparison.OrdinalIgnoreCase) && c.Type is NumberDataViewType);
        var points = new List<ScoredPoint>(table.Rows.Count);
        var expected = expectedColumn.Name is null ? null : new List<double>(table.Rows.Count);
        var values = valueIndex >= 0 ? table.DoubleColumn(valueIndex) : null;
        using (var cursor = scored.GetRowCursor(expectedColumn.Name is null ? new[] { prediction } : new[] { prediction, expectedColumn }))
        {
            var readPrediction = cursor.GetGetter<VBuffer<double>>(prediction);
            var readExpected = expectedColumn.Name is null ? null : NumberReader(cursor, expectedColumn);
            var buffer = default(VBuffer<double>);
            while (cursor.MoveNext())
            {
                readPrediction(ref buffer);
                var slots = buffer.DenseValues().ToArray();
                var row = points.Count;
                points.Add(new ScoredPoint
                {
                    Timestamp = timestampIndex >= 0 ? table.Rows[row][timestampIndex] : row.ToString(CultureInfo.InvariantCulture),
                    Value = values is null ? float.NaN : (float)values[row],
                    Prediction = slots.Length > 3 ? new[] { slots[0], slots[3], slots[2] } : slots[..3],
                });
                expected?.Add(readExpected!());
            }
        }

        ScoresFile.Write(path, points, expected, table, timestampIndex, valueIndex);
        return points.Count;
    }

    /// <summary>The model's prediction column: a new vector of 3 or 4 doubles ("Prediction" when several).</summary>
    private static DataViewSchema.Column PredictionColumn(DataViewSchema output, DataViewSchema inputSchema)
    {
        var candidates = output.Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null
            && c.Type is VectorDataViewType { Size: 3 or 4 } vector && vector.ItemType == NumberDataViewType.Double).ToList();
        return candidates.Count switch
        {
            0 => throw new CliException("The model adds no prediction column (a vector of 3 or 4 doubles: alert, score, p-value); score needs a model ending in a detector."),
            1 => candidates[0],
            _ => candidates.FirstOrDefault(c => c.Name == "Prediction").Name is not null ? candidates.First(c => c.Name == "Prediction") : candidates[^1],
        };
    }

    private static Func<double> NumberReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(float))
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            return () =>
            {
                getter(ref value);
                return value;
            };
        }

        var doubleGetter = cursor.GetGetter<double>(column);
        double number = 0;
        return () =>
        {
            doubleGetter(ref number);
            return number;
        };
    }
}
