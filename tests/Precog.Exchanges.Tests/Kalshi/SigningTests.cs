using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Precog.Exchanges.Kalshi;

namespace Precog.Exchanges.Tests.Kalshi;

public class SigningTests
{
    [Fact]
    public void The_signed_message_is_timestamp_method_and_path_without_the_query()
    {
        Assert.Equal("1703123456789GET/trade-api/v2/portfolio/orders", KalshiSigner.Message(1703123456789, "get", "/trade-api/v2/portfolio/orders?limit=5"));

        using var signer = KalshiSigner.FromPem(KalshiRig.KeyId, KalshiRig.Key.ExportPkcs8PrivateKeyPem());
        var signature = Convert.FromBase64String(signer.Sign(1703123456789, "GET", "/trade-api/v2/portfolio/orders?limit=5"));

        // RSA-PSS, SHA-256, salt = digest length: verifies with the public key over exactly that message, and no other
        var message = Encoding.UTF8.GetBytes("1703123456789GET/trade-api/v2/portfolio/orders");
        Assert.True(KalshiRig.Key.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(KalshiRig.Key.VerifyData(Encoding.UTF8.GetBytes("1703123456789GET/trade-api/v2/portfolio/orders?limit=5"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public async Task The_fake_accepts_the_clients_signature_on_a_portfolio_call()
    {
        await using var rig = await KalshiRig.StartAsync();

        var balance = await rig.Exchange.GetBalanceAsync(CancellationToken.None);

        Assert.Equal(10_000m, balance.Value);
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_refused_as_an_authentication_error_and_not_retried()
    {
        await using var rig = await KalshiRig.StartAsync();
        using var impostor = rig.Client(key: KalshiRig.OtherKey);

        var e = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => impostor.GetBalanceAsync(CancellationToken.None));

        Assert.Equal("authentication_error", e.Code);
        Assert.Contains("INCORRECT_API_KEY_SIGNATURE", e.Message, StringComparison.Ordinal);
        Assert.Single(rig.Fake.Requests);
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused()
    {
        // Given a client whose clock is a minute behind the venue's (the fake allows 30 s)
        await using var rig = await KalshiRig.StartAsync();
        using var late = rig.Client(clock: new FakeTimeProvider(rig.Clock.GetUtcNow() - TimeSpan.FromMinutes(1)));

        var e = await Assert.ThrowsAsync<ExchangeAuthenticationException>(() => late.GetBalanceAsync(CancellationToken.None));

        Assert.Contains("TIMESTAMP_OUTSIDE_ALLOWED_WINDOW", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs1_and_pkcs8_keys_both_load_and_a_public_key_is_refused()
    {
        using var pkcs1 = KalshiSigner.FromPem("id", KalshiRig.Key.ExportRSAPrivateKeyPem());
        using var pkcs8 = KalshiSigner.FromPem("id", KalshiRig.Key.ExportPkcs8PrivateKeyPem());
        var message = Encoding.UTF8.GetBytes(KalshiSigner.Message(1, "GET", "/trade-api/v2/x"));
        Assert.True(KalshiRig.Key.VerifyData(message, Convert.FromBase64String(pkcs1.Sign(1, "GET", "/trade-api/v2/x")), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.True(KalshiRig.Key.VerifyData(message, Convert.FromBase64String(pkcs8.Sign(1, "GET", "/trade-api/v2/x")), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));

        Assert.Throws<KalshiKeyException>(() => KalshiSigner.FromPem("id", KalshiRig.Key.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void A_key_file_its_group_or_others_can_read_is_refused_naming_the_file_and_its_mode()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Path.Combine(Path.GetTempPath(), $"kalshi-key-{Guid.NewGuid():N}.pem");
        var pem = KalshiRig.Key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(path, pem);
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var e = Assert.Throws<KalshiKeyException>(() => KalshiSigner.FromKeyFile("id", path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("0644", e.Message, StringComparison.Ordinal);
            AssertNoKeyMaterial(e.ToString(), pem);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            Assert.Contains("0640", Assert.Throws<KalshiKeyException>(() => KalshiSigner.FromKeyFile("id", path)).Message, StringComparison.Ordinal);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var signer = KalshiSigner.FromKeyFile("id", path);
            AssertNoKeyMaterial(signer.ToString(), pem);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_holds_no_key_is_refused_without_quoting_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kalshi-key-{Guid.NewGuid():N}.pem");
        var garbage = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";
        File.WriteAllText(path, garbage);
        try
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var e = Assert.Throws<KalshiKeyException>(() => KalshiSigner.FromKeyFile("id", path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("TUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD", e.ToString(), StringComparison.Ordinal);
            Assert.Null(e.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertNoKeyMaterial(string text, string pem)
    {
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        foreach (var line in pem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
            Assert.DoesNotContain(line.Trim(), text, StringComparison.Ordinal);
    }
}
