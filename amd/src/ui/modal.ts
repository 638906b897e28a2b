// Moodle's save/cancel modal across 4.2–5.1: 4.3 added ModalSaveCancel.create and deprecated core/modal_factory.
import ModalEvents from 'core/modal_events';
import type ModalSaveCancel from 'core/modal_save_cancel';
import type ModalFactory from 'core/modal_factory';
import {loadDefault} from './amd';

export interface ModalSpec {
    title: string;
    bodyHtml: string;
    saveLabel: string;
}

/**
 * Creates a save/cancel modal with whichever API this Moodle has.
 *
 * @param spec title, body and save label
 * @returns the modal, not yet shown
 */
export async function createSaveCancel(spec: ModalSpec): Promise<MoodleModal> {
    const saveCancel = await loadDefault<typeof ModalSaveCancel>('core/modal_save_cancel');
    let modal: MoodleModal;
    if (typeof saveCancel.create === 'function') {
        modal = await saveCancel.create({title: spec.title, body: spec.bodyHtml, removeOnClose: true});
    } else {
        const factory = await loadDefault<typeof ModalFactory>('core/modal_factory');
        modal = await factory.create({type: factory.types.SAVE_CANCEL, title: spec.title, body: spec.bodyHtml,
            removeOnClose: true});
    }
    modal.setSaveButtonText?.(spec.saveLabel);
    return modal;
}

/**
 * Runs a modal until its save handler succeeds or the admin cancels. The save handler keeps the modal open
 * by returning false (for example to show a wrong-password message inside it).
 *
 * @param modal the modal
 * @param onSave called with the modal's body on Save or Enter; true closes the modal
 * @returns true when saved, false when cancelled or closed
 */
export function runModal(modal: MoodleModal, onSave: (body: HTMLElement) => Promise<boolean>): Promise<boolean> {
    return new Promise((resolve) => {
        let done = false;
        let busy = false;
        const root = modal.getRoot();
        const finish = (saved: boolean): void => {
            if (!done) {
                done = true;
                resolve(saved);
            }
        };
        const save = async(e: Event): Promise<void> => {
            e.preventDefault();
            const body = root[0];
            if (busy || !body) {
                return;
            }
            busy = true;
            try {
                if (await onSave(body)) {
                    finish(true);
                    modal.hide();
                }
            } finally {
                busy = false;
            }
        };
        root.on(ModalEvents.save, (e) => {
            save(e).catch(() => finish(false));
        });
        // Enter in a field saves. The browser's own implicit submission is not enough: a form with two text
        // fields (user name and password) and no submit button of its own is not submitted by Enter.
        root.on('keydown', (e) => {
            const key = e as KeyboardEvent;
            if (key.key === 'Enter' && key.target instanceof HTMLInputElement && !key.isComposing) {
                save(e).catch(() => finish(false));
            }
        });
        root.on('submit', (e) => {
            save(e).catch(() => finish(false));
        });
        root.on(ModalEvents.hidden, () => finish(false));
        root.on(ModalEvents.cancel, () => finish(false));
        void modal.show();
    });
}
