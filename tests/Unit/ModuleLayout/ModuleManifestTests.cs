using System.Management.Automation;
using System.Reflection;
using SwanShell.Engine;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.ModuleLayout;

public sealed class ModuleManifestTests
{
    [Fact]
    public void TestModuleManifest_OnTheLaidOutModule_Passes()
    {
        using var shell = PowerShellFixture.NewShell();

        var info = (PSModuleInfo)shell.Run($"Test-ModuleManifest -Path '{PowerShellFixture.ModuleManifest}' -ErrorAction Stop").Single().BaseObject;

        Assert.Empty(shell.Streams.Error);
        Assert.Equal("SwanShell", info.Name);
        Assert.Equal("SwanShell.dll", info.RootModule);
        Assert.Equal(["Core"], info.CompatiblePSEditions);
        Assert.Equal(new Version(7, 6), info.PowerShellVersion);
    }

    [Fact]
    public void Manifest_ModuleVersion_IsTheProductVersion()
    {
        using var shell = PowerShellFixture.NewShell();

        var version = shell.Run("(Get-Module SwanShell).Version").Single().BaseObject;

        Assert.Equal(Version.Parse(ProductInfo.Version), version);
    }

    [Fact]
    public void Manifest_CmdletsToExport_ListsExactlyTheCmdletsOfTheAssembly()
    {
        var inAssembly = typeof(IpsecVersion).Assembly.GetExportedTypes()
            .Select(t => t.GetCustomAttribute<CmdletAttribute>())
            .OfType<CmdletAttribute>()
            .Select(a => $"{a.VerbName}-{a.NounName}")
            .Order();
        using var shell = PowerShellFixture.NewShell();

        var exported = shell.Run("(Get-Module SwanShell).ExportedCmdlets.Keys").Select(o => (string)o.BaseObject).Order();

        Assert.Equal(inAssembly, exported);
    }

    [Fact]
    public void ImportModule_LoadsFormatAndTypesFiles()
    {
        using var shell = PowerShellFixture.NewShell();

        var module = (PSModuleInfo)shell.Run("Get-Module SwanShell").Single().BaseObject;

        Assert.Equal(["SwanShell.format.ps1xml"], module.ExportedFormatFiles.Select(Path.GetFileName));
        Assert.Equal(["SwanShell.types.ps1xml"], module.ExportedTypeFiles.Select(Path.GetFileName));
    }

    [Fact]
    public void TypeAndFormatFiles_AreNotInTheModulesFolder_WhichAPlatformPublishMakesPSHOME()
    {
        using var shell = PowerShellFixture.NewShell();

        var module = (PSModuleInfo)shell.Run("Get-Module SwanShell").Single().BaseObject;

        // PowerShell 7.6 builds the path of a type or format file in $PSHOME with a backslash (PowerShell#27038), and
        // `dotnet publish -r linux-x64` puts System.Management.Automation.dll, so $PSHOME, beside the manifest.
        Assert.All(module.ExportedFormatFiles.Concat(module.ExportedTypeFiles), file => Assert.NotEqual(module.ModuleBase, Path.GetDirectoryName(file)));
    }

    [Fact]
    public void ExportedCmdlets_UseApprovedVerbs()
    {
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Import-Module '{PowerShellFixture.ModuleManifest}' -Force -WarningVariable w; $global:verbWarnings = $w");

        Assert.Empty(shell.Run("$global:verbWarnings"));
    }
}
