using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Alltkn.Handoff.App.Api;

/// <summary>
/// The OpenAPI document of <c>/api/v1</c> (ASP.NET Core's own generator): only the API's endpoints, the bearer token
/// they need, the errors every call may answer (401, 403, 429), each enum's names and an example request body for each change.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";

    /// <summary>Example request bodies by operation id; a test validates each against the document's schema.</summary>
    public static readonly IReadOnlyDictionary<string, string> RequestExamples = new Dictionary<string, string>
    {
        ["CreateOnboarding"] = """
            {"scenario":"EnterpriseTrial","fields":{"customer":"Contoso AI","procurementEntity":"Contoso (Shanghai) Co., Ltd.",
             "useCase":"Customer-support summarisation","needsInvoice":true,"expectedGoLiveDate":"2027-01-15"}}
            """,
        ["UpdateOnboarding"] = """{"expectedModels":"gpt-4o-mini, text-embedding-3-small","usesStreaming":true}""",
        ["SetGoLiveWindow"] = """{"startLocal":"2027-01-15T22:00:00","endLocal":"2027-01-16T01:00:00","timeZone":"Asia/Shanghai"}""",
        ["AssignSupport"] = """{"personName":"Li Wei"}""",
        ["UpdateItem"] = """{"status":"Done","evidence":"Minimal request returned 200 with key sk-…9f2c (masked); log id 7731."}""",
        ["FireMove"] = """{"move":"StartTrial","expectedStage":"Inquiry"}""",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description =>
            description.RelativePath?.StartsWith(ApiSetup.Prefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Alltkn Handoff API",
                Version = "v1",
                Description = "Onboardings, checklist items, moves, the revision log and exports, under the same rules as the workspace's pages. "
                              + "Create a personal API token on your account page and send it as Authorization: Bearer alltkn_pat_…. "
                              + "Errors are RFC 9457 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "alltkn_pat_…",
                Description = "A personal API token from your account page.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        });
        // Each enum's names. The API reads enums with its own converter (EnumByNameConverter, which refuses a comma list),
        // and the schema exporter knows the names only from the framework's: without this, an enum's schema would be {}
        // and a list of enums would have no items.
        options.AddSchemaTransformer(async (schema, context, cancellationToken) =>
        {
            if (EnumOf(context.JsonTypeInfo.Type) is { } enumType)
            {
                schema.Enum = Enum.GetNames(enumType).Select(name => (JsonNode)JsonValue.Create(name)).ToList();
            }
            else if (schema.Items is null && context.JsonTypeInfo.ElementType is { } element && EnumOf(element) is not null)
            {
                schema.Items = await context.GetOrCreateSchemaAsync(element, cancellationToken: cancellationToken);
            }
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            AddProblem(operation, "401", "No token, or an unknown, expired or revoked token.");
            AddProblem(operation, "403", "The token's person may not do this (or the token is read-only).");
            AddProblem(operation, "429", "Too many requests with this token; wait for the seconds in Retry-After.");
            var id = operation.OperationId ?? context.Description.ActionDescriptor.EndpointMetadata
                .OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
            if (id is not null && RequestExamples.TryGetValue(id, out var example)
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonNode.Parse(example);
            }
            return Task.CompletedTask;
        });
    }

    private static Type? EnumOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType ? enumType : null;

    private static void AddProblem(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                },
            },
        };
    }
}
