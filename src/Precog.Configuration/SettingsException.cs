namespace Precog.Configuration;

/// <summary>A configuration that cannot be used; the message names the file or key and what is wrong.</summary>
public sealed class SettingsException(string message) : Exception(message);
