// The smallest monitors.yml a run test needs: one monitored address and one list (bl.test) whose
// 127.0.0.2 means "spam source". Tests append notify: sections or replace lines as they need.
export function oneListConfig(o: { address?: string; timeout?: string } = {}): string {
  return `monitors:
  - { name: mx1, address: ${o.address ?? '100.64.0.10'} }
lists:
  use: none
  add:
    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4], codes: { "127.0.0.2": "spam source" } }
settings: { timeout: ${o.timeout ?? '1s'}, tries: 1 }
`;
}
