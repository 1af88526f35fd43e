namespace Alltkn.Handoff.Domain.Comments;

/// <summary>Who reads a comment (issue 11, point 4): the team only, or the customer too (guests see and write only these).</summary>
public enum CommentVisibility
{
    /// <summary>Team only.</summary>
    Internal,

    /// <summary>Shared with the customer.</summary>
    SharedWithCustomer,
}

/// <summary>Which side wrote a comment: the team now, the customer's guests later.</summary>
public enum CommentSide
{
    Team,

    Customer,
}
