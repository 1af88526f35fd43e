using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alltkn.Handoff.App.Api;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Json.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json: every endpoint, described, with its errors; its examples validate.</summary>
public sealed class OpenApiDocumentTests(ApiTestApp api) : IClassFixture<ApiTestApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = api.As(Role.Viewer);
        var response = await client.GetAsync(ApiSetup.DocumentPath, Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
    }

    /// <summary>Every route the app maps under /api/v1, as "METHOD /path" (route constraints dropped).</summary>
    private IReadOnlyList<string> MappedApiRoutes() =>
        api.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiSetup.Prefix, StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, @":[a-z]+\}", "}")}"))
            .Distinct()
            .ToArray();

    [Fact]
    public async Task The_document_lists_every_api_endpoint_and_nothing_else()
    {
        var document = await DocumentAsync();

        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"))
            .ToArray();

        MappedApiRoutes().Should().HaveCountGreaterThan(10);
        documented.Should().BeEquivalentTo(MappedApiRoutes());
        document["paths"]!.AsObject().Select(p => p.Key).Should().OnlyContain(p => p.StartsWith("/api/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_responses_and_its_errors_and_the_bearer_scheme_is_declared()
    {
        var document = await DocumentAsync();

        document["components"]!["securitySchemes"]![ApiDocument.BearerScheme]!["scheme"]!.GetValue<string>().Should().Be("bearer");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method} {path}";
                operation!["summary"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace(name);
                var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToArray();
                responses.Should().Contain(["401", "403", "429"], name);
                responses.Should().Contain(r => r.StartsWith('2'), name);
                if (method is "post" or "patch" or "put" && !path.EndsWith("/moves", StringComparison.Ordinal) || path.Contains("{id}", StringComparison.Ordinal))
                {
                    responses.Should().Contain(r => r == "400" || r == "404", name);
                }
            }
        }
        document["paths"]!["/api/v1/onboardings/{id}/items/{itemId}"]!["patch"]!["responses"]!.AsObject().Select(r => r.Key)
            .Should().Contain(["412", "422", "428"]);
        document["paths"]!["/api/v1/onboardings/{id}/moves"]!["post"]!["responses"]!.AsObject().Select(r => r.Key)
            .Should().Contain(["409", "412"]);
    }

    [Fact]
    public async Task The_enums_the_api_reads_are_listed_by_their_names()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        // A property or parameter's enum: its schema, or the one it refers to (a nullable property: null or a reference).
        string[] NamesOf(JsonNode schema)
        {
            var reference = schema["$ref"] ?? schema["oneOf"]?.AsArray().Select(s => s?["$ref"]).SingleOrDefault(r => r is not null);
            var target = reference is null ? schema : schemas[reference.GetValue<string>().Replace("#/components/schemas/", "")]!;
            return target["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];
        }
        string[] PropertyNames(string contract, string property) => NamesOf(schemas[contract]!["properties"]![property]!);
        string[] ParameterNames(string path, string method, string name) => NamesOf(document["paths"]![path]![method]!["parameters"]!.AsArray()
            .Single(p => string.Equals(p!["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))!["schema"]!);

        PropertyNames("MoveRequest", "move").Should().Equal(Enum.GetNames<Move>());
        PropertyNames("MoveRequest", "expectedStage").Should().Equal(Enum.GetNames<Stage>());
        PropertyNames("CreateOnboardingRequest", "scenario").Should().Equal(Enum.GetNames<Scenario>());
        PropertyNames("UpdateItemRequest", "status").Should().Equal(Enum.GetNames<ItemStatus>());
        PropertyNames("OnboardingResponse", "stage").Should().Equal(Enum.GetNames<Stage>());
        ParameterNames("/api/v1/onboardings", "get", "stage").Should().Equal(Enum.GetNames<Stage>());
        ParameterNames("/api/v1/onboardings/{id}/support-matrix/{responsibility}", "put", "responsibility").Should().Equal(Enum.GetNames<SupportResponsibility>());
        ParameterNames("/api/v1/revisions", "get", "kind").Should().Equal(Enum.GetNames<Alltkn.Handoff.Domain.Revisions.RevisionKind>());
    }

    [Fact]
    public async Task Every_request_example_validates_against_its_schema_and_is_accepted_by_the_api()
    {
        var document = await DocumentAsync();
        // The document's schemas as one JSON Schema (2020-12, which OpenAPI 3.1 uses): components become $defs.
        var defs = JsonNode.Parse(document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/"))!;

        var checkedExamples = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var media = operation!["requestBody"]?["content"]?["application/json"];
                if (media is null)
                {
                    continue;
                }
                var example = media["example"];
                example.Should().NotBeNull($"{method} {path} has an example request body");
                var schemaNode = JsonNode.Parse(media["schema"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/"))!.AsObject();
                schemaNode["$defs"] = defs.DeepClone();
                schemaNode["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                var schema = JsonSchema.FromText(schemaNode.ToJsonString());
                var result = schema.Evaluate(JsonDocument.Parse(example!.ToJsonString()).RootElement,
                    new EvaluationOptions { OutputFormat = OutputFormat.List });
                result.IsValid.Should().BeTrue($"the example of {method} {path} fits its schema: " +
                    string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
                checkedExamples++;
            }
        }

        checkedExamples.Should().Be(ApiDocument.RequestExamples.Count);
        // And the example that opens an onboarding is one the API accepts.
        using var admin = api.As(Role.TeamAdmin);
        var opened = await admin.PostAsync("/api/v1/onboardings",
            new StringContent(ApiDocument.RequestExamples["CreateOnboarding"], System.Text.Encoding.UTF8, "application/json"), Cancel);
        opened.StatusCode.Should().Be(HttpStatusCode.Created, await opened.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_document_and_the_reference_page_are_for_signed_in_people_only()
    {
        using var anonymous = api.Client(null);

        var document = await anonymous.GetAsync(ApiSetup.DocumentPath, Cancel);
        var reference = await anonymous.GetAsync(ApiSetup.ReferencePath, Cancel);
        using var viewer = api.As(Role.Viewer);
        var signedIn = await viewer.GetAsync(ApiSetup.ReferencePath + "/v1", Cancel);

        document.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        reference.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signedIn.Content.ReadAsStringAsync(Cancel)).Should().Contain("openapi/v1.json");
    }
}
