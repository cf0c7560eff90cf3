"""Document vectors beside the Whoosh index: one numpy file, scored with numpy.

The file holds the unit vectors, their document ids and the fields the search filters read,
so a vector search honours the same facets as the lexical one. Writers replace it atomically
under the index's write lock; readers load it once and reload when it changes on disk.
"""

import json
import os
import threading

import numpy as np

from app.search.embeddings import DIM

FILENAME = "kith-vectors.npz"


def meta(doc) -> list:
    """What a filter needs to know about a document: kind, space, board, tags, solved, status."""
    return [doc.kind, doc.space or "", doc.board or "", list(doc.tags), doc.solved, doc.status or ""]


def passes(m: list, filters) -> bool:
    kind, space, board, tags, solved, status = m
    return (
        (not filters.type or kind == filters.type)
        and (not filters.space or space == filters.space)
        and (not filters.board or board == filters.board)
        and (not filters.tag or filters.tag in tags)
        and (filters.solved is None or solved is filters.solved)
        and (not filters.status or status == filters.status)
    )


class VectorFile:
    def __init__(self, directory: str):
        self.directory = directory
        self._lock = threading.Lock()
        self._stamp = None
        self._uids: list[str] = []
        self._matrix = np.zeros((0, DIM), dtype=np.float32)
        self._meta: list[list] = []

    @property
    def path(self) -> str:
        return os.path.join(self.directory, FILENAME)

    def exists(self) -> bool:
        return os.path.exists(self.path)

    # --- writing (the caller holds the index write lock) --------------------------------------

    def _read(self, path: str) -> dict[str, tuple[np.ndarray, list]]:
        if not os.path.exists(path):
            return {}
        with np.load(path, allow_pickle=False) as data:
            uids = [str(u) for u in data["uids"]]
            matrix = data["vectors"].astype(np.float32)
            metas = json.loads(str(data["meta"]))
        return {u: (matrix[i], metas[i]) for i, u in enumerate(uids)}

    def write(self, rows: dict[str, tuple[np.ndarray, list]], directory: str | None = None) -> None:
        path = os.path.join(directory or self.directory, FILENAME)
        uids = list(rows)
        matrix = np.stack([rows[u][0] for u in uids]) if uids else np.zeros((0, DIM), dtype=np.float32)
        tmp = path + ".tmp.npz"
        np.savez(tmp, uids=np.array(uids, dtype=str), vectors=matrix.astype(np.float16),
                 meta=np.array(json.dumps([rows[u][1] for u in uids])))  # fmt: skip
        os.replace(tmp, path)

    def update(self, docs, deleted: list[str] = ()) -> None:
        """Store the vectors of `docs` (dropping those without one) and forget `deleted` uids."""
        rows = self._read(self.path)
        for uid in deleted:
            rows.pop(uid, None)
        for doc in docs:
            if doc.vector is None:
                rows.pop(doc.uid, None)
            else:
                rows[doc.uid] = (np.asarray(doc.vector, dtype=np.float32), meta(doc))
        self.write(rows)

    # --- reading ------------------------------------------------------------------------------

    def _refresh(self) -> None:
        try:
            st = os.stat(self.path)
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            stamp = None
        if stamp == self._stamp:
            return
        rows = self._read(self.path) if stamp else {}
        self._uids = list(rows)
        self._matrix = np.stack([rows[u][0] for u in self._uids]) if rows else np.zeros((0, DIM), dtype=np.float32)
        self._meta = [rows[u][1] for u in self._uids]
        self._stamp = stamp

    def nearest(self, vector, filters, limit: int) -> list[tuple[tuple[str, int], float]]:
        with self._lock:
            self._refresh()
            uids, matrix, metas = self._uids, self._matrix, self._meta
        if not uids:
            return []
        sims = matrix @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-sims)
        found = []
        for i in order:
            if passes(metas[i], filters):
                kind, _, object_id = uids[i].partition(":")
                found.append(((kind, int(object_id)), float(sims[i])))
                if len(found) >= limit:
                    break
        return found

    def get(self, uid: str):
        with self._lock:
            self._refresh()
            try:
                return self._matrix[self._uids.index(uid)]
            except ValueError:
                return None

    def count(self) -> int:
        with self._lock:
            self._refresh()
            return len(self._uids)
