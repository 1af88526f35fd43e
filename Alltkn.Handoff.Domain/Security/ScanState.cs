namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// What one scan remembers so that no detector looks at the same characters again and again: the run of value
/// characters last measured, the value of the last label accepted, and the next PEM END line. Triggers come in
/// order of position, so each of these only moves forward and the whole scan stays linear in the text's length.
/// </summary>
internal sealed class ScanState(ScanView view)
{
    private int runStart = -1;
    private int runEnd = -1;
    private int runTrimmedEnd = -1;
    private int acceptedValueStart = -1;
    private int acceptedValueEnd = -1;
    private int endMarkerFrom = -1;
    private int endMarkerAt = -1;

    public string Text { get; } = view.Text;

    /// <summary>
    /// How far the key detectors (<c>sk-</c>, JWT, <c>alltkn_pat_</c>) have looked in this pass: a key prefix glued by
    /// <c>-</c> or <c>_</c> before it was inside a run already measured, and is not looked at again.
    /// </summary>
    public int KeyLookedTo { get; set; }

    /// <summary>
    /// The original text of view characters [<paramref name="viewStart"/>, <paramref name="viewEnd"/>): a label is
    /// kept in the mask as the person wrote it (<c>密码：</c> stays <c>密码：</c>), only the value is masked; invisible
    /// characters and bidi controls in it are left out.
    /// </summary>
    public ReadOnlySpan<char> Original(int viewStart, int viewEnd)
    {
        if (ReferenceEquals(view.Text, view.Original))
        {
            return Text.AsSpan(viewStart, viewEnd - viewStart);
        }

        var start = view.OriginalStart(viewStart);
        var original = view.Original.AsSpan(start, view.OriginalStart(viewEnd) - start);
        return original.Length == viewEnd - viewStart
            ? original
            : string.Concat(original.ToArray().Where(c => UnicodeFold.Of(c, out _) is not (UnicodeFold.Kind.Drop or UnicodeFold.Kind.Bidi))).AsSpan();
    }

    /// <summary>
    /// <see cref="SecretText.EndOfValue"/>, remembered per run: every value that starts inside the same run of value
    /// characters ends where that run ends, so a run is measured once however many labels precede values in it.
    /// </summary>
    public int EndOfValue(int start)
    {
        if (start >= Text.Length || !SecretText.IsValueChar(Text[start]))
        {
            return start;
        }

        if (runStart < 0 || start < runStart || start > runEnd)
        {
            runStart = start;
            runEnd = SecretText.EndOfValueRun(Text, start);
            runTrimmedEnd = runEnd;
            while (runTrimmedEnd > runStart && Text[runTrimmedEnd - 1] == '.')
            {
                runTrimmedEnd--;
            }
        }

        return Math.Max(start, runTrimmedEnd);
    }

    /// <summary>
    /// Whether a value starting at <paramref name="valueStart"/> lies inside the value of the last label accepted: it
    /// ends where that value ends and starts later, so its finding would be a smaller part of one already made.
    /// </summary>
    public bool InsideAcceptedValue(int valueStart) => valueStart > acceptedValueStart && valueStart < acceptedValueEnd;

    /// <summary>Remembers the value of a label finding that was made (see <see cref="InsideAcceptedValue"/>).</summary>
    public SensitiveFinding Accepted(SensitiveFinding finding, int valueStart, int valueEnd)
    {
        acceptedValueStart = valueStart;
        acceptedValueEnd = valueEnd;
        return finding;
    }

    /// <summary>Forgets the accepted label value (between the passes over the text, which each go in order of position).</summary>
    public void StartPass()
    {
        acceptedValueStart = -1;
        acceptedValueEnd = -1;
        KeyLookedTo = 0;
    }

    /// <summary>Index of the first <c>-----END </c> at or after <paramref name="from"/>, or -1; each part of the text is searched once.</summary>
    public int NextEndMarker(int from)
    {
        const string marker = "-----END ";
        if (endMarkerFrom < 0 || from < endMarkerFrom || (endMarkerAt >= 0 && from > endMarkerAt))
        {
            endMarkerFrom = from;
            endMarkerAt = Text.IndexOf(marker, from, StringComparison.Ordinal);
        }

        return endMarkerAt;
    }
}
