// A challenge link (?challenge=ID&variant=N) opens that challenge's variant once the lab has started.
import { getLabStore } from '../../store/index.ts';
import { scenarioStarted } from '../scenario/bootScenario.ts';

const params = new URLSearchParams(window.location.search);
const id = params.get('challenge');
if (id) {
  const variant = Number(params.get('variant') ?? 0);
  // After a link in the address bar is applied: the lesson or challenge comes last, as the address asks.
  void scenarioStarted.then(() =>
    getLabStore()
      .getState()
      .openChallenge(id, Number.isSafeInteger(variant) && variant >= 0 ? variant : 0),
  );
}
