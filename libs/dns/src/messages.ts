// The parts of a DNS message the server and forwarder pass around, read from dns-packet's
// decoded form (its types leave out the response code, so it is read from the flags here).
import type { Answer, DecodedPacket, OptAnswer } from 'dns-packet';

/** A resource record: anything but the EDNS pseudo-record. */
export type Rr = Exclude<Answer, OptAnswer>;

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';
const RCODES: readonly Rcode[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** A response's code and records, without the EDNS pseudo-record (each hop sets its own). */
export interface Records {
  rcode: Rcode;
  answers: Rr[];
  authorities: Rr[];
  additionals: Rr[];
}

export function rcodeNumber(rcode: Rcode): number {
  return RCODES.indexOf(rcode);
}

/** The opcode bits of the header: 0 is a standard query. */
export function opcodeOf(message: DecodedPacket): number {
  return ((message.flags ?? 0) >> 11) & 0xf;
}

export function withoutOpt(records: Answer[] | undefined): Rr[] {
  return (records ?? []).filter((r): r is Rr => r.type !== 'OPT');
}

/** A decoded response as Records; codes this server never relays count as SERVFAIL. */
export function recordsOf(message: DecodedPacket): Records {
  return {
    rcode: RCODES[(message.flags ?? 0) & 0xf] ?? 'SERVFAIL',
    answers: withoutOpt(message.answers),
    authorities: withoutOpt(message.authorities),
    additionals: withoutOpt(message.additionals),
  };
}

export function emptyRecords(rcode: Rcode): Records {
  return { rcode, answers: [], authorities: [], additionals: [] };
}
