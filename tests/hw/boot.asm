; SPDX-License-Identifier: MIT
; boot.asm - 512-byte boot sector for the Bochs test kernel.
;
; Loads KSECTORS sectors following it (LBA 1..) to 0x10000 with INT 13h
; AH=42h (EDD packet read), enables A20 through port 0x92, enters
; protected mode, builds identity-mapped 2 MiB pages for the first 1 GiB
; (PML4 0x1000, PDPT 0x2000, PD 0x3000), enables PAE + EFER.LME + paging
; (SDM Vol. 3 10.8.5 "Initializing IA-32e Mode") and jumps to the 64-bit
; kernel entry at 0x10000. Written for this project; layout of the image:
; sector 0 this code, sectors 1.. the kernel (padded) and the vector data.

KSECTORS equ 1088		; 544 KiB: 0x10000 .. 0x97fff (below the EBDA)
CHUNK    equ 64			; sectors per INT 13h call (32 KiB)

	bits 16
	org 0x7c00
start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	mov [drive], dl
	; EDD read loop: dap.count sectors to dap.seg:0, LBA dap.lba
	mov cx, KSECTORS / CHUNK
.load:
	push cx
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	jc .fail
	add word [dap.seg], CHUNK * 512 / 16
	add dword [dap.lba], CHUNK
	pop cx
	loop .load
	; fast A20
	in al, 0x92
	or al, 2
	and al, 0xfe
	out 0x92, al
	lgdt [gdtr]
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp 0x08:pm32
.fail:
	mov al, 'E'
	out 0xe9, al
	hlt
	jmp .fail

	bits 32
pm32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x7c00
	; clear 0x1000..0x3fff
	mov edi, 0x1000
	xor eax, eax
	mov ecx, 3 * 4096 / 4
	rep stosd
	mov dword [0x1000], 0x2003	; PML4[0] -> PDPT, P|W
	mov dword [0x2000], 0x3003	; PDPT[0] -> PD, P|W
	mov edi, 0x3000
	mov eax, 0x83			; P|W|PS
	mov ecx, 512
.pd:
	mov [edi], eax
	add eax, 0x200000
	add edi, 8
	loop .pd
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov eax, 0x1000
	mov cr3, eax
	mov ecx, 0xc0000080		; IA32_EFER
	rdmsr
	or eax, 1 << 8			; LME
	wrmsr
	mov eax, cr0
	or eax, 0x80000000		; PG
	mov cr0, eax
	jmp 0x18:lm64

	bits 64
lm64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, 0x7c00
	mov rax, 0x10000
	jmp rax

	align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff		; 0x08 code32
	dq 0x00cf92000000ffff		; 0x10 data
	dq 0x00af9a000000ffff		; 0x18 code64
gdtr:
	dw gdtr - gdt - 1
	dd gdt
drive:	db 0
	align 4
dap:	db 16, 0
	dw CHUNK
	dw 0				; offset
dap.seg: dw 0x1000
dap.lba: dd 1, 0

	times 510 - ($ - $$) db 0
	dw 0xaa55
