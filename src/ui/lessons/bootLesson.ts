// A teacher's lesson link (?lesson=ID&step=N, N counted from 1) opens that lesson at that step, loading the step
// into the lab, once the lab has started. (A share link's fragment instead carries the student's own state.)
import { getLabStore } from '../../store/index.ts';
import { scenarioStarted } from '../scenario/bootScenario.ts';

const params = new URLSearchParams(window.location.search);
const id = params.get('lesson');
if (id) {
  const step = Number(params.get('step') ?? 1);
  // After a link in the address bar is applied: the lesson or challenge comes last, as the address asks.
  void scenarioStarted.then(() =>
    getLabStore()
      .getState()
      .openLesson(id, Number.isSafeInteger(step) && step >= 1 ? step - 1 : 0),
  );
}
