namespace EventCatalog.Generator;

/// <summary>The names of the generator's pipeline steps, so tests can assert how each one ran.</summary>
internal static class TrackingNames
{
    public const string RootNamespace = nameof(RootNamespace);
    public const string LanguageVersion = nameof(LanguageVersion);
    public const string NeedsPolyfill = nameof(NeedsPolyfill);
    public const string TypeTarget = nameof(TypeTarget);
    public const string Parse = nameof(Parse);
    public const string Specs = nameof(Specs);
    public const string DeclaredTypes = nameof(DeclaredTypes);
    public const string Blocked = nameof(Blocked);
    public const string Ready = nameof(Ready);
    public const string Polyfill = nameof(Polyfill);
    public const string FileErrors = nameof(FileErrors);
    public const string SetErrors = nameof(SetErrors);
    public const string NotPickedUp = nameof(NotPickedUp);
    public const string UpcastSteps = nameof(UpcastSteps);
    public const string MissingUpcasts = nameof(MissingUpcasts);
    public const string ProjectTypes = nameof(ProjectTypes);
}
