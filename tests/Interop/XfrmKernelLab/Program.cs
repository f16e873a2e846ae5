using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.Interop.XfrmKernelLab;

// A lab peer that checks XfrmKernel against a kernel with ESP; see README.md.
var lab = LabEnvironment.FromEnvironment();
using var report = new LabReport(lab.Side, Path.Combine(lab.Output, $"xfrm-kernel-lab-{lab.Side}.txt"));
using var kernel = XfrmKernel.Open();
var checks = new XfrmKernelChecks(kernel, lab, report);
kernel.Flush();
checks.RoundTripEveryAlgorithm();
checks.SaOnAnAllocatedSpi();
await checks.SaOnAnAllocatedSpiThatTimedOutAsync();
await checks.SoftThenHardExpireAsync();
checks.InstallTunnel();
await File.WriteAllTextAsync(lab.ReadyFile, string.Empty);
await LabEnvironment.WaitForSigtermAsync();
checks.TunnelCountedTrafficAndFlushes();
report.Finish();
