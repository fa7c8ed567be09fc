import { join } from 'node:path';

/** Which OSD backend the throwaway cluster uses. */
export type ObjectStore = 'memstore' | 'bluestore';

/** Where every file of the cluster lives: all under one scratch folder. */
export interface CephLayout {
  readonly dir: string;
  readonly conf: string;
  readonly runDir: string;
  readonly logDir: string;
  readonly monData: string;
  readonly osdData: string;
  readonly rgwData: string;
  readonly monKeyring: string;
  readonly adminKeyring: string;
  readonly osdKeyring: string;
  readonly rgwKeyring: string;
  readonly monmap: string;
}

/** Ports the daemons listen on, all on 127.0.0.1. The OSD picks its own from 6800-7300. */
export interface CephPorts {
  readonly monV1: number;
  readonly monV2: number;
  readonly rgw: number;
}

/** Daemon ids; one of each. */
export const MON_ID = 'a';
export const OSD_ID = 0;
export const RGW_NAME = 'client.rgw.a';

/** The file layout under `dir`. */
export function cephLayout(dir: string): CephLayout {
  return {
    dir,
    conf: join(dir, 'ceph.conf'),
    runDir: join(dir, 'run'),
    logDir: join(dir, 'log'),
    monData: join(dir, 'mon', MON_ID),
    osdData: join(dir, 'osd', String(OSD_ID)),
    rgwData: join(dir, 'rgw'),
    monKeyring: join(dir, 'mon.keyring'),
    adminKeyring: join(dir, 'admin.keyring'),
    osdKeyring: join(dir, 'osd.keyring'),
    rgwKeyring: join(dir, 'rgw.keyring'),
    monmap: join(dir, 'monmap'),
  };
}

/** The mon address vector, as ceph.conf and monmaptool spell it. */
export function monAddrs(ports: CephPorts): string {
  return `[v2:127.0.0.1:${ports.monV2},v1:127.0.0.1:${ports.monV1}]`;
}

/**
 * ceph.conf for a single-node cluster: one mon, one OSD, one radosgw, no mgr, cephx on, nothing outside `dir`.
 * `$name` is expanded by Ceph, not by us.
 */
export function renderCephConf(opts: {
  fsid: string;
  layout: CephLayout;
  ports: CephPorts;
  objectStore: ObjectStore;
}): string {
  const { fsid, layout: l, ports, objectStore } = opts;
  const store =
    objectStore === 'memstore'
      ? ['osd objectstore = memstore', 'memstore device bytes = 3G']
      : [
          'osd objectstore = bluestore',
          'bluestore block create = true',
          'bluestore block size = 4G',
          'osd memory target = 1G',
        ];
  return [
    '[global]',
    `fsid = ${fsid}`,
    `mon host = ${monAddrs(ports)}`,
    `mon initial members = ${MON_ID}`,
    'public addr = 127.0.0.1',
    'cluster addr = 127.0.0.1',
    'ms bind ipv6 = false',
    'auth cluster required = cephx',
    'auth service required = cephx',
    'auth client required = cephx',
    `run dir = ${l.runDir}`,
    `crash dir = ${join(l.dir, 'crash')}`,
    `log file = ${l.logDir}/$name.log`,
    `mon cluster log file = ${l.logDir}/cluster.log`,
    `pid file = ${l.runDir}/$name.pid`,
    `keyring = ${l.adminKeyring}`,
    'osd pool default size = 1',
    'osd pool default min size = 1',
    'osd pool default pg num = 8',
    'osd pool default pgp num = 8',
    'osd pool default pg autoscale mode = off',
    'osd crush chooseleaf type = 0',
    'mon allow pool size one = true',
    'mon max pg per osd = 1000',
    'mon warn on pool no redundancy = false',
    // radosgw's first start creates ~7 pools, one osdmap commit each; the default 1 s propose
    // interval makes that take ~10 s. 0.1 s brings it to ~1 s. Harmless on a one-mon cluster.
    'paxos propose interval = 0.1',
    '',
    `[mon.${MON_ID}]`,
    `mon data = ${l.monData}`,
    `admin socket = ${l.runDir}/mon.${MON_ID}.asok`,
    '',
    `[osd.${OSD_ID}]`,
    `osd data = ${l.osdData}`,
    `keyring = ${l.osdKeyring}`,
    `admin socket = ${l.runDir}/osd.${OSD_ID}.asok`,
    ...store,
    '',
    `[${RGW_NAME}]`,
    `rgw frontends = beast endpoint=127.0.0.1:${ports.rgw}`,
    `rgw data = ${l.rgwData}`,
    `keyring = ${l.rgwKeyring}`,
    `admin socket = ${l.runDir}/rgw.asok`,
    '',
  ].join('\n');
}
