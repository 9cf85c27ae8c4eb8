// A challenge link (?challenge=ID&variant=N) opens that challenge's variant once the lab has started.
import { getLabStore } from '../../store/index.ts';

const params = new URLSearchParams(window.location.search);
const id = params.get('challenge');
if (id) {
  const variant = Number(params.get('variant') ?? 0);
  getLabStore()
    .getState()
    .openChallenge(id, Number.isSafeInteger(variant) && variant >= 0 ? variant : 0);
}
