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
        var valueColumns = new Option<string?>("--value-columns") { Description = "For a model fitted on several columns (detect --value-columns): the CSV columns to read as its vector, comma-separated, in the model's order. Default: the columns the model was fitted on, which it records." };
        var command = new Command("score", "Score a CSV series with a saved model and write a scores file, the same format detect writes.") { file, model, output, valueColumn, valueColumns };
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
            var (columns, valueSource) = LoaderColumns(table, inputSchema, result.GetValue(valueColumn), result.GetValue(valueColumns));
            foreach (var column in columns)
            {
                foreach (var range in column.Source)
                {
                    if (column.DataKind == DataKind.Single)
                    {
                        table.NumericColumn(range.Min);
                    }
                    else if (column.DataKind == DataKind.Double)
                    {
                        table.DoubleColumn(range.Min);
                    }
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
    /// series: the model's one numeric scalar input, read from <paramref name="valueColumn"/> when given, or its one
    /// numeric vector input (a model fitted on several columns), read from <paramref name="valueColumns"/> or else from
    /// the columns the vector's slot names record. Also returns the CSV column holding the series (the first channel).
    /// </summary>
    private static (TextLoader.Column[] Columns, int ValueSource) LoaderColumns(CsvTable table, DataViewSchema inputSchema, string? valueColumn, string? valueColumns)
    {
        var inputs = inputSchema.Where(c => !c.IsHidden).ToList();
        var vectors = inputs.Where(c => c.Type is VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType }).ToList();
        if (vectors.Count == 1)
        {
            if (valueColumn is not null)
            {
                throw new CliException($"This model reads a vector of {((VectorDataViewType)vectors[0].Type).Size} values in '{vectors[0].Name}': name its CSV columns with --value-columns, not --value-column.");
            }

            var vector = vectors[0];
            var channels = VectorChannels(table, vector, valueColumns);
            var vectorColumns = inputs.Select(c => c.Name == vector.Name
                ? new TextLoader.Column(c.Name, KindOf(c), channels.Select(i => new TextLoader.Range(i)).ToArray())
                : new TextLoader.Column(c.Name, KindOf(c), table.ColumnIndex(c.Name))).ToArray();
            return (vectorColumns, channels[0]);
        }

        if (valueColumns is not null)
        {
            throw new CliException($"--value-columns applies to a model fitted on several columns (detect --value-columns); this model reads {string.Join(", ", inputs.Select(c => $"'{c.Name}' ({c.Type})"))}: use --value-column.");
        }

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

    /// <summary>The CSV columns of a vector input, in the model's order: named on the command line, or recorded in the model.</summary>
    private static int[] VectorChannels(CsvTable table, DataViewSchema.Column vector, string? valueColumns)
    {
        var size = ((VectorDataViewType)vector.Type).Size;
        string[] names;
        if (valueColumns is not null)
        {
            names = valueColumns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length != size)
            {
                throw new CliException($"--value-columns names {names.Length} column(s) ({string.Join(", ", names)}), but the model reads a vector of {size} values in '{vector.Name}'.");
            }
        }
        else
        {
            if (!vector.HasSlotNames())
            {
                throw new CliException($"The model reads a vector of {size} values in '{vector.Name}' and does not record which columns they came from: name them, in the model's order, with --value-columns a,b,c.");
            }

            var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
            vector.GetSlotNames(ref slotNames);
            names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
            var missing = names.Where(n => !table.Header.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                throw new CliException($"The model was fitted on the columns {string.Join(", ", names)}; {table.Path} has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (its columns are: {string.Join(", ", table.Header)}). Name the file's columns, in that order, with --value-columns.");
            }
        }

        var indices = names.Select(table.ColumnIndex).ToArray();
        if (indices.Distinct().Count() != indices.Length)
        {
            throw new CliException($"--value-columns names a column twice: {string.Join(", ", names)}.");
        }

        return indices;
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
        var hasExpected = expectedColumn.Name is not null;
        var rows = ScoringProgressBar.Read(ScoredRows(scored, prediction, hasExpected ? expectedColumn : null, table, timestampIndex, valueIndex), table.Rows.Count);
        ScoresFile.Write(path, rows.Select(r => r.Point).ToList(), hasExpected ? rows.Select(r => r.Expected).ToList() : null, table, timestampIndex, valueIndex);
        return rows.Count;
    }

    /// <summary>Each scored row, read through a cursor as the model scores it, with its expected value (NaN without one).</summary>
    private static IEnumerable<(ScoredPoint Point, double Expected)> ScoredRows(IDataView scored, DataViewSchema.Column prediction, DataViewSchema.Column? expectedColumn, CsvTable table, int timestampIndex, int valueIndex)
    {
        var values = valueIndex >= 0 ? table.DoubleColumn(valueIndex) : null;
        using var cursor = scored.GetRowCursor(expectedColumn is { } e ? new[] { prediction, e } : new[] { prediction });
        var readPrediction = cursor.GetGetter<VBuffer<double>>(prediction);
        var readExpected = expectedColumn is { } column ? NumberReader(cursor, column) : null;
        var buffer = default(VBuffer<double>);
        var row = 0;
        while (cursor.MoveNext())
        {
            readPrediction(ref buffer);
            var slots = buffer.DenseValues().ToArray();
            var point = new ScoredPoint
            {
                Timestamp = timestampIndex >= 0 ? table.Rows[row][timestampIndex] : row.ToString(CultureInfo.InvariantCulture),
                Value = values is null ? float.NaN : (float)values[row],
                Prediction = slots.Length > 3 ? new[] { slots[0], slots[3], slots[2] } : slots[..3],
            };
            yield return (point, readExpected is null ? double.NaN : readExpected());
            row++;
        }
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
