import { describe, expect, it } from 'vitest';
import { linuxVirtualization, parseVirtualization } from '../../../src/hosts/linux/virtualization.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.virtualization', () => {
  it('trusts systemd-detect-virt "none" over a hypervisor CPU flag', () => {
    expect(parseVirtualization('sdv_container=none\nsdv_vm=none\ncpu_hypervisor=yes\n')).toEqual({ role: null, type: null });
  });

  it('prefers the container answer of systemd-detect-virt to the VM answer', () => {
    expect(parseVirtualization('sdv_container=lxc\nsdv_vm=kvm\n')).toEqual({ role: 'guest', type: 'lxc' });
  });

  it('finds a Kubernetes pod without systemd from the cgroups of PID 1', () => {
    const out = 'cgroup=12:pids:/kubepods/burstable/pod3f1c/6b1d\ncpu_hypervisor=yes\nsys_vendor=QEMU\n';
    expect(parseVirtualization(out)).toEqual({ role: 'guest', type: 'container-other' });
  });

  it('finds a podman container from /run/.containerenv', () => {
    expect(parseVirtualization('containerenv=yes\n')).toEqual({ role: 'guest', type: 'podman' });
  });

  it('finds a KVM guest from DMI when systemd is absent', () => {
    expect(parseVirtualization('product_name=Standard PC (i440FX + PIIX, 1996)\nsys_vendor=QEMU\nbios_vendor=SeaBIOS\n')).toEqual({ role: 'guest', type: 'qemu' });
    expect(parseVirtualization('product_name=KVM\nsys_vendor=Red Hat\n')).toEqual({ role: 'guest', type: 'kvm' });
  });

  it('does not take a Microsoft Surface laptop for a Hyper-V guest', () => {
    expect(parseVirtualization('product_name=Surface Book\nsys_vendor=Microsoft Corporation\nbios_vendor=Microsoft Corporation\n')).toEqual({ role: null, type: null });
  });

  it('says guest of an unknown kind when only the CPU hypervisor flag is set', () => {
    expect(parseVirtualization('cpu_hypervisor=yes\n')).toEqual({ role: 'guest', type: null });
  });

  it('says host for a machine with /dev/kvm and libvirt, but not for /dev/kvm alone', () => {
    expect(parseVirtualization('dev_kvm=yes\nvirsh=yes\n')).toEqual({ role: 'host', type: 'kvm' });
    expect(parseVirtualization('dev_kvm=yes\n')).toEqual({ role: null, type: null });
  });

  it('finds a Xen guest from /proc/xen without the control domain capability', () => {
    expect(parseVirtualization('xen=yes\nxen_capabilities=\n')).toEqual({ role: 'guest', type: 'xen' });
  });

  it('rejects a line that is not evidence', () => {
    expect(() => parseVirtualization('sdv_vm=kvm\nsh: 1: systemd-detect-virt: not found\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxVirtualization);
  });
});
