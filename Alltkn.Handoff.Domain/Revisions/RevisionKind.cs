namespace Alltkn.Handoff.Domain.Revisions;

public enum RevisionKind
{
    OnboardingCreated,
    FieldChanged,
    ItemChanged,
    StageMoved,
    SupportMatrixChanged,
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    UserChanged,
    AccessRefused,
    CommentAdded,
    CommentEdited,
    GuestInvited,
    GuestInvitationResent,
    GuestInvitationRevoked,
    GuestSignedIn,
}
