# The SwanShell demo, run by `./run.sh demo` inside swanshell (or by pwsh with the module installed).
# No root and no network needed.
if (-not (Get-Module SwanShell)) { Import-Module SwanShell }

$Host.UI.WriteLine('== ipsec --version, as an object with a table view')
Get-IpsecVersion | Out-Default

$Host.UI.WriteLine('== ipsec --directory')
$Host.UI.WriteLine((Get-IpsecVersion).Directory)

$Host.UI.WriteLine('')
$Host.UI.WriteLine('== The SwanShell commands (ipsec --help)')
Get-Command -Module SwanShell | Out-Default

$Host.UI.WriteLine('== Help, as Get-Help shows it')
Get-Help Get-IpsecVersion | Out-Default
