namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>One row of the support matrix: who (a named person, on either side) holds a responsibility.</summary>
public sealed class SupportAssignment
{
    private SupportAssignment()
    {
        PersonName = "";
    }

    internal SupportAssignment(SupportResponsibility responsibility, string personName)
    {
        Responsibility = responsibility;
        PersonName = personName;
    }

    public SupportResponsibility Responsibility { get; private set; }

    public string PersonName { get; private set; }

    internal void Reassign(string personName) => PersonName = personName;
}
