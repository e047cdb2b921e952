namespace MLNetAnomaly.Evaluation;

/// <summary>
/// How well a detector's alerts and scores match labelled anomalies on one series. See docs/metrics.md for each
/// definition. Ratios with an empty denominator are 0; AUC-ROC, AUC-PR and VUS-PR are NaN when the labels hold one
/// class only.
/// </summary>
/// <param name="Precision">Point-wise precision of the alerts.</param>
/// <param name="Recall">Point-wise recall of the alerts.</param>
/// <param name="F1">Point-wise F1 of the alerts.</param>
/// <param name="BestF1">The best point-wise F1 over all thresholds on the score.</param>
/// <param name="BestF1Threshold">The score threshold (score ≥ it) that reaches <paramref name="BestF1"/>.</param>
/// <param name="EventPrecision">Share of alert runs that overlap a labelled event.</param>
/// <param name="EventRecall">Share of labelled events holding at least one alert.</param>
/// <param name="EventF1">Harmonic mean of the two event figures.</param>
/// <param name="PointAdjustedF1">F1 after point adjustment: inflated (Kim et al., AAAI 2022); only for comparing with papers.</param>
/// <param name="AucRoc">Area under the ROC curve of the score.</param>
/// <param name="AucPr">Average precision of the score.</param>
/// <param name="VusPr">Volume under the range-based PR surface (Paparrizos et al., PVLDB 2022).</param>
/// <param name="RangePrecision">Range-based precision (Tatbul et al., NeurIPS 2018; α = 0, flat bias): the mean share of each alert run's points that are labelled.</param>
/// <param name="RangeRecall">Range-based recall: the mean share of each labelled range's points that are alerted.</param>
/// <param name="RangeF1">Harmonic mean of the two range-based figures.</param>
public sealed record DetectionReport(
    double Precision,
    double Recall,
    double F1,
    double BestF1,
    double BestF1Threshold,
    double EventPrecision,
    double EventRecall,
    double EventF1,
    double PointAdjustedF1,
    double AucRoc,
    double AucPr,
    double VusPr,
    double RangePrecision,
    double RangeRecall,
    double RangeF1);
