namespace Credentials.UnitTests; public class Placeholder { [Fact] public void Builds() => Assert.True(true); }
