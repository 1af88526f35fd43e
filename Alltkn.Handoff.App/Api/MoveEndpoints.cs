using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alltkn.Handoff.App.Api;

/// <summary>Moves of the stage-gated workflow: start trial, confirm, go live, hold, resume, cancel, roll back…</summary>
public static class MoveEndpoints
{
    public static RouteGroupBuilder MapMoves(this RouteGroupBuilder api)
    {
        api.MapPost("/onboardings/{id:guid}/moves", FireAsync).WithName("FireMove").Problems(404, 409, 412, 422).ChangesThings()
            .WithSummary("Make a move")
            .WithDescription("Makes the move if its gate allows it, for a person holding the move's role. A refused move is 409 with every "
                             + "unmet reason the page shows (code, text, item, owner role). With expectedStage, nothing is done when the "
                             + "onboarding moved since (412).");
        return api;
    }

    private static async Task<Results<Ok<MoveResponse>, ValidationProblem, ProblemHttpResult>> FireAsync(
        Guid id, MoveRequest request, OnboardingService onboardings, CancellationToken cancellationToken)
    {
        if (request.Move is not { } move)
        {
            return ApiProblems.Invalid("move", $"Give the move: one of {string.Join(", ", Enum.GetNames<Domain.Onboardings.Move>())}.");
        }
        var expected = request.ExpectedStage;
        if (expected is null)
        {
            var read = await onboardings.ReadAsync(id, cancellationToken);
            if (!read.Succeeded)
            {
                return ApiProblems.From(read);
            }
            expected = read.Value!.Stage;
        }
        var fired = await onboardings.FireAsync(id, move, expected.Value, request.Reason, cancellationToken);
        if (!fired.Succeeded)
        {
            return ApiProblems.From(fired);
        }
        var after = await onboardings.ReadAsync(id, cancellationToken);
        return after.Succeeded
            ? TypedResults.Ok(new MoveResponse(id, after.Value!.Stage, after.Value.Version))
            : ApiProblems.From(after);
    }
}
